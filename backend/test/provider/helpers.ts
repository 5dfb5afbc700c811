/** Shared bits for the provider tests: polling, a callback receiver, ffprobe. */
import { execFile } from 'child_process';
import * as http from 'http';
import { promisify } from 'util';
import { resolveMediaTools } from '../../src/simulator/media-tools';
import { ProviderTaskStatus, VideoProvider } from '../../src/provider/provider';

const run = promisify(execFile);

export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 15000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`waitFor: nothing after ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, everyMs));
  }
}

/** Polls query() until the task leaves PENDING/RUNNING; returns every state seen and the last status. */
export async function pollUntilDone(provider: VideoProvider, id: string, timeoutMs = 15000) {
  const seen: string[] = [];
  const last = await waitFor(
    async () => {
      const s = await provider.query(id);
      if (seen[seen.length - 1] !== s.state) seen.push(s.state);
      return s.state === 'PENDING' || s.state === 'RUNNING' ? undefined : s;
    },
    timeoutMs,
    40,
  );
  return { seen, last: last as ProviderTaskStatus };
}

export interface Receiver {
  url: string;
  bodies: unknown[];
  /** statuses to answer in order; 200 once exhausted */
  statuses: number[];
  close(): Promise<void>;
}

/** A local node:http server that records JSON POSTs (stands in for our callback endpoint). */
export async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      res.writeHead(receiver.statuses.shift() ?? 200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as { port: number };
  const receiver: Receiver = {
    url: `http://127.0.0.1:${address.port}/callback?sig=abc`,
    bodies,
    statuses,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

export interface Probe {
  duration: number;
  video?: { width: number; height: number; codec: string; frames: number };
}

export async function probe(fileOrUrl: string): Promise<Probe> {
  const { ffprobe } = resolveMediaTools();
  const args = [
    '-v',
    'error',
    '-count_frames',
    '-show_entries',
    'format=duration:stream=codec_type,codec_name,width,height,nb_read_frames',
    '-of',
    'json',
    fileOrUrl,
  ];
  const { stdout } = await run(ffprobe, args);
  const parsed = JSON.parse(String(stdout)) as {
    format: { duration: string };
    streams: Array<{ codec_type: string; codec_name: string; width: number; height: number; nb_read_frames: string }>;
  };
  const v = parsed.streams.find(s => s.codec_type === 'video');
  return {
    duration: Number(parsed.format.duration),
    video: v && { width: v.width, height: v.height, codec: v.codec_name, frames: Number(v.nb_read_frames) },
  };
}

/** One decoded frame as raw grey pixels (to compare frames: the clip must move). */
export async function frameAt(url: string, seconds: number): Promise<Buffer> {
  const { ffmpeg } = resolveMediaTools();
  const args = ['-v', 'error', '-ss', String(seconds), '-i', url, '-frames:v', '1', '-vf', 'scale=64:64', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'];
  const { stdout } = await run(ffmpeg, args, { encoding: 'buffer', maxBuffer: 1 << 20 });
  return stdout;
}

/** Mean absolute difference between two equally sized grey frames (0–255). */
export function frameDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / Math.max(1, a.length);
}

/** A test PNG made with ffmpeg (a colour test pattern). */
export async function makePng(width: number, height: number): Promise<Buffer> {
  const { ffmpeg } = resolveMediaTools();
  const args = ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=s=${width}x${height}:d=1`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', '-'];
  const { stdout } = await run(ffmpeg, args, { encoding: 'buffer', maxBuffer: 8 << 20 });
  return stdout;
}

/** A fetch that answers every request with the given status and body (for malformed-response tests). */
export function fixedFetch(status: number, body: string, headers: Record<string, string> = {}): typeof fetch {
  return async () => new Response(body, { status, headers });
}
