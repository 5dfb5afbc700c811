/**
 * Issue 17, point 6: SSRF through result downloads. The server fetches a provider's MP4 from a URL the provider
 * (or a signed callback) names; it must reach only public http(s) addresses — checked on the literal host, after
 * DNS resolution and on every redirect — and only allow-listed hosts when a list is configured.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { MediaError } from '../../src/media/errors';
import { ffmpegPaths } from '../../src/media/ffmpeg';
import { downloadToStorage } from '../../src/storage/download';
import { LocalStorage } from '../../src/storage/local.storage';
import { checkUrl, isPublicAddress, UrlPolicy } from '../../src/storage/url-guard';

let work: string;
let storage: LocalStorage;
let internal: http.Server; // an internal service: must never be reached
let internalHits = 0;
let internalUrl = '';
let provider: http.Server; // a provider stand-in on loopback, trusted like the local simulator
let providerUrl = '';
let mp4: Buffer;

const listen = async (s: http.Server) => {
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ssrf-'));
  storage = new LocalStorage({ dir: path.join(work, 'files'), publicBaseUrl: 'http://app' });
  const clip = path.join(work, 'clip.mp4');
  execFileSync(ffmpegPaths().ffmpeg, ['-y', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=5:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', clip]);
  mp4 = fs.readFileSync(clip);
  internal = http.createServer((_req, res) => {
    internalHits++;
    res.writeHead(200, { 'content-type': 'video/mp4' });
    res.end(mp4); // even a "video" must not be fetched from here
  });
  internalUrl = await listen(internal);
  provider = http.createServer((req, res) => {
    const to = /^\/redirect\?to=(.*)$/.exec(req.url ?? '');
    if (to) {
      res.writeHead(302, { location: decodeURIComponent(to[1] as string) });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'video/mp4' });
    res.end(mp4);
  });
  providerUrl = await listen(provider);
});

afterAll(async () => {
  for (const s of [internal, provider]) {
    s.closeAllConnections();
    await new Promise(r => s.close(r));
  }
  fs.rmSync(work, { recursive: true, force: true });
});

const policy = (p: Partial<UrlPolicy> = {}): UrlPolicy => ({ allowedHosts: [], trustedOrigins: [providerUrl], ...p });
let n = 0;
const download = (url: string, p = policy()) =>
  downloadToStorage(url, `stickers/ssrf/2026/01/clip${++n}.mp4`, storage, { retries: 0, timeoutMs: 3000, policy: p });
const refusal = async (url: string, p = policy()) => {
  const err = await download(url, p).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  return (err as MediaError).details;
};

describe('SSRF guard on result downloads', () => {
  it('downloads from a trusted origin (the simulator) and from it only on its own origin', async () => {
    await expect(download(`${providerUrl}/clip.mp4`)).resolves.toMatchObject({ bytes: mp4.length });
  });

  it.each([
    ['loopback by IP', () => `${internalUrl}/admin/secret`],
    ['loopback by name (checked after DNS resolution)', () => internalUrl.replace('127.0.0.1', 'localhost') + '/x'],
    ['redirect from a trusted origin to loopback', () => `${providerUrl}/redirect?to=${encodeURIComponent(internalUrl + '/internal')}`],
    ['redirect to loopback by name', () => `${providerUrl}/redirect?to=${encodeURIComponent(internalUrl.replace('127.0.0.1', 'localhost'))}`],
  ])('refuses %s without reaching it', async (_name, url) => {
    const before = internalHits;
    const details = await refusal(url());
    expect(details).toMatchObject({ reason: 'url_refused' });
    expect(internalHits).toBe(before);
  });

  it.each([
    'file:///etc/passwd',
    'ftp://example.com/a.mp4',
    'gopher://127.0.0.1:6379/_INFO',
    'http://user:pass@example.com/a.mp4',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:6379/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://0.0.0.0:7001/',
    'http://10.0.0.8/a.mp4',
    'http://172.20.1.1/a.mp4',
    'http://192.168.1.1/a.mp4',
    'http://100.64.0.1/a.mp4',
    'http://[fd00::1]/a.mp4',
    'http://[fe80::1]/a.mp4',
    'http://2130706433/',
    'http://0x7f.1/',
    'not a url',
  ])('refuses %s before any request', url => {
    expect(() => checkUrl(url, policy())).toThrow(MediaError);
  });

  it('with an allow-list, only listed hosts (and their subdomains for .suffix entries)', () => {
    const p = policy({ allowedHosts: ['.aliyuncs.com', 'cdn.kie.ai'] });
    expect(checkUrl('https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.mp4', p).hostname).toBe('dashscope-result-bj.oss-cn-beijing.aliyuncs.com');
    expect(checkUrl('https://cdn.kie.ai/a.mp4', p).hostname).toBe('cdn.kie.ai');
    for (const bad of [
      'https://evil.example/a.mp4',
      'https://aliyuncs.com.evil.example/a.mp4',
      'https://xcdn.kie.ai/a.mp4',
      'https://evilaliyuncs.com/a.mp4',
    ]) {
      expect(() => checkUrl(bad, p)).toThrow(MediaError);
    }
  });

  it('knows public from private addresses', () => {
    for (const ip of ['8.8.8.8', '47.95.1.1', '2400:3200::1', '::ffff:8.8.8.8']) expect(isPublicAddress(ip)).toBe(true);
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.127.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fc00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      'nonsense',
    ]) {
      expect(isPublicAddress(ip)).toBe(false);
    }
  });
});
