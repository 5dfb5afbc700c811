/**
 * Aliyun OSS storage through ali-oss. Objects are written with their content type and a one-year
 * Cache-Control (a key's content never changes). URLs are either public (bucket public-read, optionally
 * through a CDN domain) or signed GET URLs with an expiry (private bucket), chosen by OSS_URL_MODE.
 */
import type { Agent } from 'http';
import { Readable, Transform } from 'stream';
import { assertValidKey } from './keys';
import type { PutResult, Storage } from './storage';

export interface OssStorageOptions {
  /** e.g. oss-cn-hangzhou (used when no endpoint is given) */
  region?: string;
  /** e.g. oss-cn-hangzhou.aliyuncs.com, or https://oss-cn-hangzhou-internal.aliyuncs.com */
  endpoint?: string;
  bucket: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** public URLs use this base instead of https://<bucket>.<endpoint> (e.g. https://cdn.example.com) */
  cdnDomain?: string;
  /** 'public' (default): plain URLs, bucket or CDN must be public-read. 'signed': signed GET URLs. */
  urlMode?: 'public' | 'signed';
  /** lifetime of signed URLs in seconds (default 3600) */
  signedUrlExpiresSec?: number;
  /** https to OSS (default true) */
  secure?: boolean;
  /** the endpoint is a custom domain bound to the bucket */
  cname?: boolean;
  /** per request (default 60000) */
  timeoutMs?: number;
  cacheControl?: string;
  /** HTTP agent for ali-oss (tests point it at a local server) */
  agent?: Agent;
}

/** The slice of ali-oss's client used here (the package ships no types). */
interface OssClient {
  put(name: string, file: Buffer, options?: object): Promise<{ res: { status: number } }>;
  putStream(name: string, stream: Readable, options?: object): Promise<{ res: { status: number } }>;
  head(name: string, options?: object): Promise<{ status: number }>;
  delete(name: string, options?: object): Promise<{ res: { status: number } }>;
  putACL(name: string, acl: 'private' | 'public-read' | 'default', options?: object): Promise<{ res: { status: number } }>;
  getStream(name: string, options?: object): Promise<{ stream: Readable }>;
  signatureUrl(name: string, options?: { expires?: number; method?: string }): string;
}
type OssCtor = new (options: Record<string, unknown>) => OssClient;

export class OssStorage implements Storage {
  readonly driver = 'oss' as const;
  readonly bucket: string;
  private readonly client: OssClient;
  private readonly options: OssStorageOptions;

  constructor(options: OssStorageOptions) {
    if (!options.bucket || !options.accessKeyId || !options.accessKeySecret || !(options.region || options.endpoint)) {
      throw new Error('[storage] OSS needs bucket, accessKeyId, accessKeySecret and region or endpoint');
    }
    this.options = options;
    this.bucket = options.bucket;
    // loaded only when OSS is configured: ali-oss is large and local-disk storage never needs it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const OSS = require('ali-oss') as OssCtor;
    this.client = new OSS({
      region: options.region,
      endpoint: options.endpoint,
      bucket: options.bucket,
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      secure: options.secure ?? true,
      cname: options.cname ?? false,
      timeout: options.timeoutMs ?? 60000,
      ...(options.agent ? { agent: options.agent } : {}),
    });
  }

  async put(key: string, body: Buffer | Readable, contentType: string): Promise<PutResult> {
    assertValidKey(key);
    const opts = {
      mime: contentType,
      headers: { 'Content-Type': contentType, 'Cache-Control': this.options.cacheControl ?? 'public, max-age=86400' },
    };
    let bytes: number;
    if (Buffer.isBuffer(body)) {
      await this.client.put(key, body, opts);
      bytes = body.length;
    } else {
      let counted = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          counted += chunk.length;
          cb(null, chunk);
        },
      });
      body.on('error', err => counter.destroy(err));
      await this.client.putStream(key, body.pipe(counter), opts);
      bytes = counted;
    }
    return { key, bytes, url: await this.getUrl(key) };
  }

  async getUrl(key: string): Promise<string> {
    assertValidKey(key);
    if (this.options.urlMode === 'signed') {
      return this.client.signatureUrl(key, { expires: this.options.signedUrlExpiresSec ?? 3600, method: 'GET' });
    }
    return `${this.publicBase()}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.delete(key).catch((err: unknown) => {
      if (!isNotFound(err)) throw err; // OSS answers 204 for a missing key; be lenient with proxies that say 404
    });
  }

  async makePrivate(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.putACL(key, 'private').catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    return this.client.head(key).then(
      () => true,
      (err: unknown) => {
        if (isNotFound(err)) return false;
        throw err;
      },
    );
  }

  async getStream(key: string): Promise<Readable> {
    assertValidKey(key);
    return (await this.client.getStream(key)).stream;
  }

  private publicBase(): string {
    if (this.options.cdnDomain) {
      const cdn = this.options.cdnDomain.replace(/\/+$/, '');
      return /^https?:\/\//.test(cdn) ? cdn : `https://${cdn}`;
    }
    const scheme = this.options.secure === false ? 'http' : 'https';
    const endpoint = this.options.endpoint ?? `${this.options.region}.aliyuncs.com`;
    const host = endpoint.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    return this.options.cname ? `${scheme}://${host}` : `${scheme}://${this.bucket}.${host}`;
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { status?: number; code?: string } | undefined;
  return e?.status === 404 || e?.code === 'NoSuchKey';
}
