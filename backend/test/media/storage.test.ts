/**
 * Keys, local-disk storage and Aliyun OSS storage. OSS runs against a local HTTP server that receives
 * ali-oss's real signed requests and checks them: bucket (virtual host), key, content type and the
 * OSS v1 signature recomputed with the test secret.
 */
import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { contentTypeFor, isValidKey, stickerKey, uploadKey } from '../../src/storage/keys';
import { LocalStorage, resolveLocalFile } from '../../src/storage/local.storage';
import { ossOptionsFromEnv, storageConfig } from '../../src/config/storage';
import { OssStorage } from '../../src/storage/oss.storage';
import { createStorage } from '../../src/storage/storage.factory';

const readAll = async (r: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

const BAD_KEYS = [
  '../x.gif',
  '/etc/passwd',
  'stickers/../../etc/passwd',
  'stickers/u1/2024/01/../../../../x.gif',
  'stickers/u1/2024/01/a.gif/../b.gif',
  'stickers\\u1\\2024\\01\\a.gif',
  'stickers/u1/2024/01/%2e%2e.gif',
  'stickers/u1/2024/01/a.exe',
  'other/u1/2024/01/a.gif',
  'stickers/u1/2024/01/.gif',
  '',
  'stickers//2024/01/a.gif',
  'stickers/u1/2024/01/a.gif\u0000.png',
];

describe('keys', () => {
  const when = new Date(Date.UTC(2025, 2, 31, 23, 59));

  it('lays keys out by a hash shard, year and month: no user id, no sequence (issue 17, point 8)', () => {
    const gif = stickerKey('job_abc', 'gif', when);
    expect(gif).toMatch(/^stickers\/s[0-9a-f]{2}\/2025\/03\/job_abc\.gif$/);
    expect(stickerKey('job_abc', 'mp4', when)).toBe(gif.replace(/\.gif$/, '.mp4')); // fixed per task
    const up = uploadKey('png', when);
    expect(up).toMatch(/^uploads\/s[0-9a-f]{2}\/2025\/03\/[A-Za-z0-9_-]{20}\.png$/);
    expect(isValidKey(up)).toBe(true);
    expect(isValidKey(stickerKey('t', 'jpg'))).toBe(true);
    expect(isValidKey('stickers/42/2025/03/job_abc.gif')).toBe(true); // keys stored before keep working
  });

  it('refuses ids that could break the layout', () => {
    expect(() => stickerKey('../1', 'gif')).toThrow();
    expect(() => stickerKey('a/b', 'gif')).toThrow();
    expect(() => uploadKey('png', new Date(), '')).toThrow();
  });

  it.each(BAD_KEYS)('refuses key %j', key => {
    expect(isValidKey(key)).toBe(false);
    expect(resolveLocalFile('/srv/data/files', key)).toBeNull();
  });

  it('maps extensions to content types', () => {
    expect(contentTypeFor('stickers/1/2025/01/a.gif')).toBe('image/gif');
    expect(contentTypeFor('.mp4')).toBe('video/mp4');
    expect(contentTypeFor('jpg')).toBe('image/jpeg');
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });
});

describe('LocalStorage', () => {
  let root: string;
  let dir: string;
  let storage: LocalStorage;
  const key = 'stickers/1/2025/01/job1.gif';

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-store-'));
    dir = path.join(root, 'files');
    storage = new LocalStorage({ dir, publicBaseUrl: 'https://sticker.example.com/' });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('puts, serves, reads back and deletes', async () => {
    const put = await storage.put(key, Buffer.from('GIF89a-bytes'), 'image/gif');
    expect(put).toEqual({ key, bytes: 12, url: `https://sticker.example.com/files/${key}` });
    expect(resolveLocalFile(dir, key)).toBe(path.join(dir, 'stickers', '1', '2025', '01', 'job1.gif'));
    expect(fs.readFileSync(resolveLocalFile(dir, key)!, 'utf8')).toBe('GIF89a-bytes');
    expect(await storage.exists(key)).toBe(true);
    expect((await readAll(await storage.getStream(key))).toString()).toBe('GIF89a-bytes');
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('writes streams', async () => {
    const k = 'stickers/1/2025/01/job2.mp4';
    const put = await storage.put(k, Readable.from([Buffer.alloc(1000, 1), Buffer.alloc(500, 2)]), 'video/mp4');
    expect(put.bytes).toBe(1500);
    expect(fs.statSync(resolveLocalFile(dir, k)!).size).toBe(1500);
  });

  it('leaves nothing behind when the stream fails', async () => {
    const k = 'stickers/1/2025/01/job3.mp4';
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(storage.put(k, failing, 'video/mp4')).rejects.toThrow('connection reset');
    expect(await storage.exists(k)).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'stickers', '1', '2025', '01')).filter(f => f.includes('job3'))).toEqual([]);
  });

  it('refuses traversal keys on every method and writes nothing', async () => {
    expect.assertions(BAD_KEYS.length * 4 + 2);
    for (const bad of BAD_KEYS) {
      await expect(storage.put(bad, Buffer.from('x'), 'image/gif')).rejects.toThrow(/invalid object key/);
      await expect(storage.exists(bad)).rejects.toThrow(/invalid object key/);
      await expect(storage.delete(bad)).rejects.toThrow(/invalid object key/);
      await expect(storage.getUrl(bad)).rejects.toThrow(/invalid object key/);
    }
    expect(fs.readdirSync(root)).toEqual(['files']);
    expect(fs.readdirSync(dir)).toEqual(['stickers']);
  });

  it('is the default driver', () => {
    const s = createStorage(storageConfig({ DATA_DIR: root, PUBLIC_BASE_URL: 'http://h' }));
    expect(s.driver).toBe('local');
    expect((s as LocalStorage).dir).toBe(dir);
    expect(() => storageConfig({ STORAGE_DRIVER: 's3' })).toThrow(/local or oss/);
  });
});

// ---- OSS against a local server ----

const BUCKET = 'bqgf-test';
const AK = 'test-ak';
const SK = 'test-secret';

interface Seen {
  method: string;
  host: string;
  path: string;
  contentType?: string;
  authorization?: string;
  signatureOk: boolean;
}

/** OSS v1: VERB \n Content-MD5 \n Content-Type \n Date \n x-oss-* headers \n /bucket/key[?acl] */
function expectedSignature(req: http.IncomingMessage, key: string, dateOrExpires: string, subresource = ''): string {
  const h = req.headers;
  const ossHeaders = Object.keys(h)
    .filter(k => k.startsWith('x-oss-'))
    .sort()
    .map(k => `${k}:${String(h[k]).trim()}`);
  const lines = [req.method!, String(h['content-md5'] ?? ''), String(h['content-type'] ?? ''), dateOrExpires, ...ossHeaders, `/${BUCKET}/${key}${subresource}`];
  return createHmac('sha1', SK).update(lines.join('\n')).digest('base64');
}

function startOssServer(seen: Seen[], objects: Map<string, { body: Buffer; type: string; acl?: string }>) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const key = decodeURIComponent(url.pathname.slice(1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let signatureOk = false;
      const auth = req.headers.authorization;
      if (auth) {
        const date = String(req.headers['x-oss-date'] ?? req.headers.date ?? '');
        signatureOk = auth === `OSS ${AK}:${expectedSignature(req, key, date, url.searchParams.has('acl') ? '?acl' : '')}`;
      } else if (url.searchParams.get('Signature')) {
        const lines = [req.method!, '', '', url.searchParams.get('Expires')!, `/${BUCKET}/${key}`];
        signatureOk =
          url.searchParams.get('OSSAccessKeyId') === AK &&
          url.searchParams.get('Signature') === createHmac('sha1', SK).update(lines.join('\n')).digest('base64') &&
          Number(url.searchParams.get('Expires')) > Date.now() / 1000;
      }
      seen.push({
        method: req.method!,
        host: String(req.headers.host),
        path: url.pathname,
        signatureOk,
        contentType: req.headers['content-type'],
        authorization: auth,
      });
      const hostOk = String(req.headers.host).startsWith(`${BUCKET}.`);
      if (!signatureOk || !hostOk) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message></Error>');
        return;
      }
      const obj = objects.get(key);
      if (req.method === 'PUT' && url.searchParams.has('acl')) {
        // PutObjectACL: x-oss-object-acl names the new ACL; NoSuchKey for a missing object
        if (!obj) {
          res.writeHead(404, { 'content-type': 'application/xml', 'x-oss-request-id': 'r4' });
          res.end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no</Message></Error>');
          return;
        }
        obj.acl = String(req.headers['x-oss-object-acl']);
        res.writeHead(200, { 'x-oss-request-id': 'r5' });
        res.end();
      } else if (req.method === 'PUT') {
        objects.set(key, { body: Buffer.concat(chunks), type: String(req.headers['content-type']) });
        res.writeHead(200, { etag: '"abc"', 'x-oss-request-id': 'r1' });
        res.end();
      } else if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204, { 'x-oss-request-id': 'r2' });
        res.end();
      } else if (!obj) {
        res.writeHead(404, { 'content-type': 'application/xml', 'x-oss-request-id': 'r3' });
        res.end(req.method === 'HEAD' ? undefined : '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no</Message></Error>');
      } else {
        res.writeHead(200, { 'content-type': obj.type, 'content-length': obj.body.length, etag: '"abc"' });
        res.end(req.method === 'HEAD' ? undefined : obj.body);
      }
    });
  });
  return new Promise<http.Server>(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('OssStorage (ali-oss against a local server)', () => {
  const seen: Seen[] = [];
  const objects = new Map<string, { body: Buffer; type: string; acl?: string }>();
  let server: http.Server;
  let port: number;
  // Every host name resolves to the local server, so the real virtual-hosted URLs work unchanged.
  const agent = new http.Agent({
    lookup: ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) =>
      opts?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as never,
  });
  const make = (extra: Record<string, string> = {}) =>
    new OssStorage({
      ...ossOptionsFromEnv({
        OSS_ENDPOINT: `http://oss-test.localhost:${port}`,
        OSS_BUCKET: BUCKET,
        OSS_ACCESS_KEY_ID: AK,
        OSS_ACCESS_KEY_SECRET: SK,
        OSS_SECURE: 'false',
        ...extra,
      }),
      agent,
    });
  const key = 'stickers/9/2025/06/job_oss.gif';

  beforeAll(async () => {
    server = await startOssServer(seen, objects);
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise(r => server.close(r));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('PUTs with a valid signature, to the bucket, with the content type; public URL', async () => {
    const s = make();
    const put = await s.put(key, Buffer.from('GIF89a...'), 'image/gif');
    expect(put).toEqual({ key, bytes: 9, url: `http://${BUCKET}.oss-test.localhost:${port}/${key}` });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      host: `${BUCKET}.oss-test.localhost:${port}`,
      path: `/${key}`,
      contentType: 'image/gif',
      signatureOk: true,
    });
    expect(seen[0]!.authorization).toMatch(new RegExp(`^OSS ${AK}:`));
    expect(objects.get(key)).toEqual({ body: Buffer.from('GIF89a...'), type: 'image/gif' });
  });

  it('streams a PUT, then HEAD, GET and DELETE, all signed', async () => {
    const s = make();
    const k = 'stickers/9/2025/06/job_stream.mp4';
    const put = await s.put(k, Readable.from([Buffer.alloc(3000, 1), Buffer.alloc(2000, 2)]), 'video/mp4');
    expect(put.bytes).toBe(5000);
    expect(objects.get(k)!.body.length).toBe(5000);
    expect(objects.get(k)!.type).toBe('video/mp4');
    expect(await s.exists(k)).toBe(true);
    expect((await readAll(await s.getStream(k))).length).toBe(5000);
    await s.delete(k);
    expect(await s.exists(k)).toBe(false);
    expect(seen.map(x => x.method)).toEqual(['PUT', 'HEAD', 'GET', 'DELETE', 'HEAD']);
    expect(seen.every(x => x.signatureOk && x.path === `/${k}`)).toBe(true);
  });

  it('makePrivate sets the object ACL to private (signed PutObjectACL); a missing object is fine', async () => {
    const s = make();
    const k = 'stickers/s1f/2025/06/job_private.gif';
    await s.put(k, Buffer.from('GIF89a'), 'image/gif');
    seen.length = 0;
    await s.makePrivate(k);
    expect(objects.get(k)!.acl).toBe('private');
    expect(seen).toEqual([expect.objectContaining({ method: 'PUT', path: `/${k}`, signatureOk: true })]);
    await expect(s.makePrivate('stickers/s1f/2025/06/job_missing.gif')).resolves.toBeUndefined();
  });

  it('signed URLs carry an expiry and a signature the server accepts', async () => {
    const s = make({ OSS_URL_MODE: 'signed', OSS_SIGNED_URL_EXPIRES: '600' });
    await s.put(key, Buffer.from('signed-body'), 'image/gif');
    const url = new URL(await s.getUrl(key));
    expect(url.host).toBe(`${BUCKET}.oss-test.localhost:${port}`);
    const expires = Number(url.searchParams.get('Expires'));
    expect(expires - Date.now() / 1000).toBeGreaterThan(590);
    expect(expires - Date.now() / 1000).toBeLessThanOrEqual(601);
    const body = await new Promise<string>((resolve, reject) =>
      http
        .get(url, { agent }, res => {
          let text = '';
          res.on('data', c => (text += c));
          res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}`))));
        })
        .on('error', reject),
    );
    expect(body).toBe('signed-body');
  });

  it('uses the CDN domain for public URLs', async () => {
    expect(await make({ OSS_CDN_DOMAIN: 'cdn.example.com' }).getUrl(key)).toBe(`https://cdn.example.com/${key}`);
  });

  it('a wrong secret is refused by the server and surfaces as an error', async () => {
    const bad = new OssStorage({
      endpoint: `http://oss-test.localhost:${port}`,
      bucket: BUCKET,
      accessKeyId: AK,
      accessKeySecret: 'wrong',
      secure: false,
      agent,
    });
    await expect(bad.put(key, Buffer.from('x'), 'image/gif')).rejects.toMatchObject({ status: 403 });
  });

  it('refuses bad keys before any request', async () => {
    await expect(make().put('../../etc/passwd', Buffer.from('x'), 'image/gif')).rejects.toThrow(/invalid object key/);
    expect(seen).toHaveLength(0);
  });

  it('is chosen by STORAGE_DRIVER=oss, with production URLs', async () => {
    const s = createStorage(
      storageConfig({
        STORAGE_DRIVER: 'oss',
        OSS_REGION: 'oss-cn-hangzhou',
        OSS_BUCKET: 'stickers-prod',
        OSS_ACCESS_KEY_ID: 'a',
        OSS_ACCESS_KEY_SECRET: 'b',
      }),
    );
    expect(s.driver).toBe('oss');
    expect(await s.getUrl(key)).toBe(`https://stickers-prod.oss-cn-hangzhou.aliyuncs.com/${key}`);
  });

  it('names every missing variable', () => {
    expect(() => ossOptionsFromEnv({})).toThrow('STORAGE_DRIVER=oss needs OSS_BUCKET, OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_REGION or OSS_ENDPOINT');
    expect(() => storageConfig({ STORAGE_DRIVER: 'oss', OSS_BUCKET: 'b' })).toThrow(/OSS_ACCESS_KEY_ID/);
  });
});
