/**
 * downloadToStorage against a local HTTP server playing a provider's result URL.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { MediaError } from '../../src/media/errors';
import { ffmpegPaths } from '../../src/media/ffmpeg';
import { downloadToStorage, looksLikeVideo } from '../../src/storage/download';
import { LocalStorage, resolveLocalFile } from '../../src/storage/local.storage';

let work: string;
let tmp: string;
let files: string;
let storage: LocalStorage;
let server: http.Server;
let base: string;
let mp4: Buffer;
const hits: Record<string, number> = {};

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-'));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tmp-'));
  files = path.join(work, 'files');
  storage = new LocalStorage({ dir: files, publicBaseUrl: 'http://app' });
  const clip = path.join(work, 'clip.mp4');
  execFileSync(ffmpegPaths().ffmpeg, [
    '-y',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=160x120:r=10:d=1',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    clip,
  ]);
  mp4 = fs.readFileSync(clip);
  server = http.createServer((req, res) => {
    const p = req.url!;
    hits[p] = (hits[p] ?? 0) + 1;
    if (p === '/ok.mp4') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': mp4.length });
      res.end(mp4);
    } else if (p === '/octet') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(mp4);
    } else if (p === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>expired</html>');
    } else if (p === '/lying') {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.end('<html>not really a video</html>');
    } else if (p === '/big') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': 5_000_000 });
      res.end();
    } else if (p === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.write(mp4.subarray(0, 64));
      let sent = 0;
      const more = () => {
        if (res.destroyed || sent > 4_000_000) return res.end();
        sent += 65536;
        if (res.write(Buffer.alloc(65536))) setImmediate(more);
        else res.once('drain', more);
      };
      more();
    } else if (p === '/flaky') {
      if (hits[p] === 1) {
        res.writeHead(503);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'video/mp4' });
        res.end(mp4);
      }
    } else if (p === '/slow') {
      setTimeout(() => {
        if (!res.destroyed) res.end();
      }, 3000).unref();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  opts.policy.trustedOrigins.push(base); // a provider stand-in on loopback: trusted like the local simulator
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(r => server.close(r));
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  expect(fs.readdirSync(tmp)).toEqual([]);
});

const opts = { retryDelayMs: 10, maxBytes: 1_000_000, timeoutMs: 2000, policy: { allowedHosts: [], trustedOrigins: [] as string[] } };
const key = (n: string) => `stickers/5/2025/07/${n}.mp4`;

async function failsWith(url: string, k: string, code: string, reason?: string) {
  const err = await downloadToStorage(url, k, storage, { ...opts, tmpDir: tmp }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  expect((err as MediaError).code).toBe(code);
  if (reason) expect((err as MediaError).details?.reason).toBe(reason);
  expect(await storage.exists(k)).toBe(false);
}

it('copies a video into storage', async () => {
  const keep = path.join(work, 'kept.mp4');
  const r = await downloadToStorage(`${base}/ok.mp4`, key('ok'), storage, { ...opts, tmpDir: tmp, keepAt: keep });
  expect(r).toMatchObject({ key: key('ok'), bytes: mp4.length, contentType: 'video/mp4', attempts: 1 });
  expect(r.url).toBe(`http://app/files/${key('ok')}`);
  expect(fs.readFileSync(resolveLocalFile(files, key('ok'))!)).toEqual(mp4);
  expect(fs.readFileSync(keep)).toEqual(mp4);
});

it('accepts application/octet-stream when the bytes are a video', async () => {
  await expect(downloadToStorage(`${base}/octet`, key('octet'), storage, { ...opts, tmpDir: tmp })).resolves.toMatchObject({
    bytes: mp4.length,
  });
});

it('404 → MEDIA_INVALID at once, no retry', async () => {
  await failsWith(`${base}/gone.mp4`, key('gone'), 'MEDIA_INVALID', 'http_status');
  expect(hits['/gone.mp4']).toBe(1);
});

it('a web page or a "video" that is text → MEDIA_INVALID', async () => {
  await failsWith(`${base}/page`, key('page'), 'MEDIA_INVALID', 'not_video');
  await failsWith(`${base}/lying`, key('lying'), 'MEDIA_INVALID', 'not_video');
});

it('too big, by Content-Length or while streaming → MEDIA_TOO_LARGE', async () => {
  await failsWith(`${base}/big`, key('big'), 'MEDIA_TOO_LARGE', 'download_size');
  await failsWith(`${base}/big-chunked`, key('chunked'), 'MEDIA_TOO_LARGE', 'download_size');
});

it('retries a 503', async () => {
  const r = await downloadToStorage(`${base}/flaky`, key('flaky'), storage, { ...opts, tmpDir: tmp });
  expect(r.attempts).toBe(2);
});

it('times out → MEDIA_TIMEOUT after the retries', async () => {
  const err = await downloadToStorage(`${base}/slow`, key('slow'), storage, { ...opts, tmpDir: tmp, timeoutMs: 150, retries: 1 }).catch((e: MediaError) => e);
  expect(err).toMatchObject({ code: 'MEDIA_TIMEOUT', status: 504 });
  expect(hits['/slow']).toBe(2);
});

it('a refused connection is retried, then MEDIA_INVALID', async () => {
  const closed = http.createServer();
  await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise(r => closed.close(r));
  opts.policy.trustedOrigins.push(`http://127.0.0.1:${port}`);
  await failsWith(`http://127.0.0.1:${port}/x.mp4`, key('refused'), 'MEDIA_INVALID', 'download_failed');
});

it('sniffs MP4 and WebM', () => {
  expect(looksLikeVideo(mp4.subarray(0, 16))).toBe(true);
  expect(looksLikeVideo(Buffer.from('1a45dfa3a342868101', 'hex'))).toBe(true);
  expect(looksLikeVideo(Buffer.from('<html>'))).toBe(false);
});
