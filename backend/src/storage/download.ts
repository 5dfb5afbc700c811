/**
 * Copies a provider's result video into storage as soon as it is ready (provider URLs expire after ~24 h):
 * streamed to a temp file with a size cap and a per-attempt timeout, checked to be a video by its first
 * bytes, then put under `key`. Network errors, timeouts and 5xx/429 are retried with backoff; a 4xx or
 * a file that is not a video fails at once. Failures are MediaErrors; no temp file is left behind.
 * Every URL, the first and each redirect's, must pass the SSRF guard (url-guard.ts): public http(s) only.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import type { ReadableStream as WebReadableStream } from 'stream/web';
import { MediaError } from '../media/errors';
import type { Storage } from './storage';
import { checkUrl, guardedDispatcher, UrlPolicy } from './url-guard';
import { fetch as guardedFetch } from 'undici';

export interface DownloadOptions {
  /** default 50 MB */
  maxBytes?: number;
  /** per attempt, default 60000 */
  timeoutMs?: number;
  /** further attempts after the first, default 2 */
  retries?: number;
  /** first backoff, doubled each retry (default 500) */
  retryDelayMs?: number;
  /** stored content type (default video/mp4) */
  contentType?: string;
  /** also keep the downloaded file at this path (the caller owns and removes it), e.g. for conversion */
  keepAt?: string;
  tmpDir?: string;
  /** where results may come from (default: any public http(s) address, nothing private) */
  policy?: UrlPolicy;
}

const MAX_REDIRECTS = 5;

export interface DownloadResult {
  key: string;
  bytes: number;
  url: string;
  contentType: string;
  attempts: number;
}

const VIDEO_TYPES = /^(video\/|application\/(octet-stream|mp4)|binary\/octet-stream)/i;

/** MP4/MOV (ISO BMFF box at the start) or Matroska/WebM, by the first bytes. */
export function looksLikeVideo(head: Buffer): boolean {
  if (head.length >= 8 && /^(ftyp|moov|mdat|free|wide|skip)$/.test(head.toString('latin1', 4, 8))) return true;
  return head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3;
}

class Retryable extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

export async function downloadToStorage(url: string, key: string, storage: Storage, options: DownloadOptions = {}): Promise<DownloadResult> {
  const policy = options.policy ?? { allowedHosts: [], trustedOrigins: [] };
  checkUrl(url, policy); // refused before any attempt
  const dispatcher = guardedDispatcher(policy);
  try {
    return await attempts(url, key, storage, options, policy, dispatcher);
  } finally {
    await dispatcher.destroy();
  }
}

type Dispatcher = ReturnType<typeof guardedDispatcher>;

async function attempts(
  url: string,
  key: string,
  storage: Storage,
  options: DownloadOptions,
  policy: UrlPolicy,
  dispatcher: Dispatcher,
): Promise<DownloadResult> {
  const retries = options.retries ?? 2;
  let delay = options.retryDelayMs ?? 500;
  let last: Retryable | undefined;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    const tmp = path.join(options.tmpDir ?? os.tmpdir(), `dl-${randomBytes(8).toString('hex')}.part`);
    try {
      const got = await fetchToFile(url, tmp, options, policy, dispatcher);
      if (options.keepAt) await fs.promises.copyFile(tmp, options.keepAt);
      const contentType = options.contentType ?? 'video/mp4';
      const put = await storage.put(key, fs.createReadStream(tmp), contentType);
      return { key, bytes: got, url: put.url, contentType, attempts: attempt };
    } catch (err) {
      if (!(err instanceof Retryable)) throw err;
      last = err;
      if (attempt <= retries) {
        await new Promise(resolve => setTimeout(resolve, delay));
        delay *= 2;
      }
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }
  if (last?.timedOut) {
    throw new MediaError('MEDIA_TIMEOUT', '下载视频超时，请稍后重试', { reason: 'download_timeout', attempts: retries + 1 });
  }
  throw new MediaError('MEDIA_INVALID', '视频下载失败', { reason: 'download_failed', why: last?.message, attempts: retries + 1 });
}

async function fetchToFile(url: string, file: string, options: DownloadOptions, policy: UrlPolicy, dispatcher: Dispatcher): Promise<number> {
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 60000;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const tooLarge = (bytes: number) => new MediaError('MEDIA_TOO_LARGE', '视频文件过大', { reason: 'download_size', bytes, maxBytes });
  try {
    let current = url;
    let res = await guardedFetch(current, { signal: controller.signal, redirect: 'manual', dispatcher });
    for (let hops = 0; res.status >= 300 && res.status < 400 && res.headers.get('location'); hops++) {
      await res.body?.cancel();
      if (hops >= MAX_REDIRECTS) throw new MediaError('MEDIA_INVALID', '视频地址无效或已过期', { reason: 'too_many_redirects' });
      current = checkUrl(new URL(res.headers.get('location') as string, current).toString(), policy).toString();
      res = await guardedFetch(current, { signal: controller.signal, redirect: 'manual', dispatcher });
    }
    if (res.status === 429 || res.status >= 500) throw new Retryable(`HTTP ${res.status}`);
    if (!res.ok || !res.body) {
      throw new MediaError('MEDIA_INVALID', '视频地址无效或已过期', { reason: 'http_status', status: res.status });
    }
    const type = res.headers.get('content-type') ?? '';
    if (type && !VIDEO_TYPES.test(type)) {
      await res.body.cancel();
      throw new MediaError('MEDIA_INVALID', '下载的文件不是视频', { reason: 'not_video', contentType: type });
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body.cancel();
      throw tooLarge(declared);
    }
    let bytes = 0;
    let head = Buffer.alloc(0);
    const guard = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (bytes > maxBytes) return cb(tooLarge(bytes));
        if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
        cb(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>), guard, fs.createWriteStream(file));
    if (bytes === 0 || !looksLikeVideo(head)) {
      throw new MediaError('MEDIA_INVALID', '下载的文件不是视频', { reason: 'not_video', bytes });
    }
    return bytes;
  } catch (err) {
    if (err instanceof MediaError || err instanceof Retryable) {
      controller.abort();
      throw err;
    }
    if ((err as { cause?: { code?: string } }).cause?.code === 'URL_REFUSED') {
      throw new MediaError('MEDIA_INVALID', '视频地址不被允许', { reason: 'url_refused', why: (err as { cause: Error }).cause.message });
    }
    // fetch/stream failures (reset, DNS, abort by our timer) are worth another try
    throw new Retryable(timedOut ? `timed out after ${timeoutMs} ms` : (err as Error).message, timedOut);
  } finally {
    clearTimeout(timer);
  }
}
