/**
 * The GIF engine on real clips made here with ffmpeg: output format, budget, shape, caption,
 * and the failure cases with their stable codes and no temp files left behind.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CAPTION_MAX_LENGTH, ERROR_STATUS } from '@app/shared';
import { MAX_CAPTION_CHARS, normalizeCaption } from '../../src/media/caption';
import { gifEngineOptionsFromEnv } from '../../src/config/media';
import { GifEngine, LADDER, pickRung } from '../../src/media/gif';
import { MEDIA_ERROR_STATUS, MediaError } from '../../src/media/errors';
import { inspectGif, readImageSize } from '../../src/media/image';
import { Pool, ffmpegPaths, resolveFfmpegPaths } from '../../src/media/ffmpeg';

const ff = ffmpegPaths();
let work: string; // clips
let tmp: string; // the engine's temp parent: must be empty after every conversion

function makeClip(name: string, graph: string, seconds: number): string {
  const out = path.join(work, `${name}.mp4`);
  execFileSync(ff.ffmpeg, [
    '-y',
    '-v',
    'error',
    '-filter_complex',
    graph,
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    '20',
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
  return out;
}

/** First frame of a GIF as raw RGB. */
function firstFrameRgb(gif: Buffer, name: string): Buffer {
  const file = path.join(work, `${name}.gif`);
  fs.writeFileSync(file, gif);
  return execFileSync(ff.ffmpeg, ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 16 << 20,
  });
}

/** Mean absolute difference of two RGB frames over rows [y0, y1). */
function regionDiff(a: Buffer, b: Buffer, width: number, y0: number, y1: number): number {
  let sum = 0;
  for (let i = y0 * width * 3; i < y1 * width * 3; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / ((y1 - y0) * width * 3);
}

const expectMediaError = async (p: Promise<unknown>, code: string, reason?: string) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  expect((err as MediaError).code).toBe(code);
  if (reason) expect((err as MediaError).details?.reason).toBe(reason);
  return err as MediaError;
};

let clips: Record<string, string>;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gif-clips-'));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gif-tmp-'));
  clips = {
    testsrc: makeClip('testsrc', 'testsrc2=s=320x240:r=24', 3),
    box: makeClip(
      'box',
      'color=c=0x7a9cc0:s=400x400:r=24,noise=alls=20:allf=u[bg];testsrc=s=120x120:r=24[fg];' + "[bg][fg]overlay=x='140+100*sin(2*PI*t/2)':y=60:shortest=1",
      2,
    ),
    noise: makeClip('noise', 'testsrc2=s=480x480:r=24,noise=alls=50:allf=t+u', 2),
    huge: makeClip('huge', 'color=c=red:s=4112x64:r=5', 1),
  };
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  expect(fs.readdirSync(tmp)).toEqual([]);
});

describe('GifEngine output', () => {
  const engine = () => new GifEngine({ tmpDir: tmp });

  it('makes a GIF89a that loops forever, within budget, aspect kept, with thumbnail and metadata', async () => {
    const r = await engine().convert(clips.testsrc!);
    expect(r.gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    const info = inspectGif(r.gif);
    expect(info.loopCount).toBe(0);
    expect(r.gif.length).toBeLessThanOrEqual(512000);
    expect(r.metadata).toEqual({ width: 240, height: 180, frames: 30, fps: 10, durationMs: 3000, bytes: r.gif.length });
    expect(r.rung).toBe(LADDER[0]!.name);
    expect(r.attempts).toHaveLength(1);
    expect(r.thumbnail.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(readImageSize(r.thumbnail, 'image/jpeg')).toEqual({ width: 240, height: 180 });
    expect(r.source).toMatchObject({ width: 320, height: 240, codec: 'h264' });
  });

  it('centre-crops with square: true', async () => {
    const r = await engine().convert(fs.readFileSync(clips.testsrc!), { square: true });
    expect([r.metadata.width, r.metadata.height]).toEqual([240, 240]);
    expect(readImageSize(r.thumbnail, 'image/jpeg')).toEqual({ width: 240, height: 240 });
  });

  it('draws the caption near the bottom of every frame, and leaves the top alone', async () => {
    const e = engine();
    const plain = await e.convert(clips.box!);
    const captioned = await e.convert(clips.box!, { caption: '蚌埠住了 OK' });
    const { width, height } = captioned.metadata;
    expect([width, height]).toEqual([240, 240]);
    const a = firstFrameRgb(plain.gif, 'plain');
    const b = firstFrameRgb(captioned.gif, 'captioned');
    expect(regionDiff(a, b, width, Math.round(height * 0.75), height)).toBeGreaterThan(15);
    expect(regionDiff(a, b, width, 0, Math.round(height * 0.4))).toBeLessThan(6);
    expect(captioned.gif.length).toBeLessThanOrEqual(512000);
  });

  it('passes caption text to ffmpeg as data, never as filter syntax', async () => {
    const r = await engine().convert(clips.testsrc!, { caption: "'\\:%{pts};[x],=" });
    expect(inspectGif(r.gif).frames).toBe(30);
  });

  it('walks down the ladder from an estimate when over the target, and never ships over the cap', async () => {
    const e = new GifEngine({ tmpDir: tmp, targetBytes: 150000, maxBytes: 300000 });
    const r = await e.convert(clips.noise!);
    expect(r.gif.length).toBeLessThanOrEqual(300000);
    expect(r.rungIndex).toBeGreaterThan(0);
    expect(r.attempts.length).toBeLessThanOrEqual(4);
    expect(r.attempts.length).toBeLessThan(e.ladder.length);
    expect(r.attempts[0]!.rung).toBe(LADDER[0]!.name);
    expect(r.metadata.bytes).toBe(r.gif.length);
    expect(inspectGif(r.gif).loopCount).toBe(0);
  });

  it('fails with MEDIA_TOO_LARGE rather than ship a file over the hard cap', async () => {
    const e = new GifEngine({ tmpDir: tmp, targetBytes: 8000, maxBytes: 10000 });
    const err = await expectMediaError(e.convert(clips.noise!), 'MEDIA_TOO_LARGE', 'output_size');
    expect(err.status).toBe(422);
    expect((err.details?.attempts as unknown[]).length).toBeLessThanOrEqual(4);
  });
});

describe('GifEngine failures', () => {
  let engine: GifEngine;
  beforeAll(() => {
    engine = new GifEngine({ tmpDir: tmp });
  });

  it('empty input → MEDIA_INVALID', async () => {
    await expectMediaError(engine.convert(Buffer.alloc(0)), 'MEDIA_INVALID', 'empty');
    const empty = path.join(work, 'empty.mp4');
    fs.writeFileSync(empty, '');
    await expectMediaError(engine.convert(empty), 'MEDIA_INVALID', 'empty');
  });

  it('corrupt MP4 (a real one cut short, and random bytes behind an ftyp box) → MEDIA_INVALID', async () => {
    const real = fs.readFileSync(clips.testsrc!);
    await expectMediaError(engine.convert(real.subarray(0, 2000)), 'MEDIA_INVALID');
    const junk = Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(50000, 7)]);
    await expectMediaError(engine.convert(junk), 'MEDIA_INVALID');
  });

  it('a text file or a still image → MEDIA_INVALID', async () => {
    await expectMediaError(engine.convert(Buffer.from('hello, this is not a video\n'.repeat(100))), 'MEDIA_INVALID');
    const png = path.join(work, 'still.png');
    execFileSync(ff.ffmpeg, ['-y', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=320x240', '-frames:v', '1', png]);
    await expectMediaError(engine.convert(png), 'MEDIA_INVALID');
  });

  it('a playlist posing as an MP4 fetches nothing and reads no other file → MEDIA_INVALID', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const m3u8 = `#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\nhttp://127.0.0.1:${port}/seg.ts\n#EXTINF:5,\n${clips.testsrc}\n#EXT-X-ENDLIST\n`;
      await expectMediaError(engine.convert(Buffer.from(m3u8)), 'MEDIA_INVALID');
      expect(hits).toBe(0);
    } finally {
      await new Promise(r => server.close(r));
    }
  });

  it('a side over 4096 px → MEDIA_TOO_LARGE (resolution)', async () => {
    const err = await expectMediaError(engine.convert(clips.huge!), 'MEDIA_TOO_LARGE', 'resolution');
    expect(err.details).toMatchObject({ width: 4112, height: 64 });
  });

  it('past the timeout ffmpeg is killed → MEDIA_TIMEOUT', async () => {
    const slow = new GifEngine({ tmpDir: tmp, timeoutMs: 150 });
    await expectMediaError(slow.convert(clips.noise!), 'MEDIA_TIMEOUT');
  });

  it('a caption over 16 characters → CAPTION_TOO_LONG (400) before any work', async () => {
    const err = await expectMediaError(engine.convert(clips.testsrc!, { caption: '一二三四五六七八九十一二三四五六七' }), 'CAPTION_TOO_LONG');
    expect(err.status).toBe(400);
  });
});

describe('ladder, caption rules, pool, binaries', () => {
  it('pickRung jumps to the best rung estimated to fit, else the last', () => {
    // rung 0 made 2× the target: needs an estimate ≤ 0.46 → rung 3 (0.45)
    expect(pickRung(LADDER, 0, 1_000_000, 500_000, 1)).toBe(3);
    // just over: the next rung whose estimate fits with the safety margin
    expect(pickRung(LADDER, 0, 520_000, 500_000, 1)).toBe(1);
    // hopeless: the last rung
    expect(pickRung(LADDER, 0, 50_000_000, 500_000, 1)).toBe(LADDER.length - 1);
    // re-calibrates from a later rung's measurement
    expect(pickRung(LADDER, 3, 620_000, 500_000, 4)).toBe(5);
  });

  it('normalizes captions: trims, one line, ≤ 16 code points', () => {
    expect(MAX_CAPTION_CHARS).toBe(CAPTION_MAX_LENGTH); // the API and the engine agree on the limit
    expect(normalizeCaption(undefined)).toBeUndefined();
    expect(normalizeCaption('   ')).toBeUndefined();
    expect(normalizeCaption(' 你好\n世界 ')).toBe('你好 世界');
    expect(normalizeCaption('😀'.repeat(MAX_CAPTION_CHARS))).toBe('😀'.repeat(16));
    expect(() => normalizeCaption('a'.repeat(17))).toThrow(MediaError);
  });

  it('Pool never runs more than its size at once', async () => {
    const pool = new Pool(2);
    let running = 0;
    let peak = 0;
    const job = () =>
      pool.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise(r => setTimeout(r, 10));
        running--;
      });
    await Promise.all(Array.from({ length: 9 }, job));
    expect(peak).toBe(2);
    expect(pool.running).toBe(0);
  });

  it('resolves binaries: env, then PATH, then the npm packages', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-'));
    try {
      for (const n of ['ffmpeg', 'ffprobe']) fs.writeFileSync(path.join(dir, n), '#!/bin/sh\n', { mode: 0o755 });
      const envd = resolveFfmpegPaths({ FFMPEG_PATH: ff.ffmpeg, FFPROBE_PATH: ff.ffprobe, PATH: dir });
      expect(envd.source).toEqual({ ffmpeg: 'env', ffprobe: 'env' });
      const sys = resolveFfmpegPaths({ PATH: dir });
      expect(sys).toMatchObject({ ffmpeg: path.join(dir, 'ffmpeg'), source: { ffmpeg: 'system', ffprobe: 'system' } });
      const npm = resolveFfmpegPaths({ PATH: '' });
      expect(npm.source).toEqual({ ffmpeg: 'npm', ffprobe: 'npm' });
      expect(() => resolveFfmpegPaths({ FFMPEG_PATH: path.join(dir, 'nope') })).toThrow(/FFMPEG_PATH/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads engine options from the environment', () => {
    expect(gifEngineOptionsFromEnv({})).toEqual({});
    expect(JSON.parse(JSON.stringify(gifEngineOptionsFromEnv({ GIF_TARGET_BYTES: '400000', GIF_PALETTE_STATS: 'full' })))).toEqual({
      targetBytes: 400000,
      paletteStats: 'full',
    });
    expect(() => gifEngineOptionsFromEnv({ GIF_MAX_BYTES: '1MB' })).toThrow(/GIF_MAX_BYTES/);
    expect(() => new GifEngine({ targetBytes: 2_000_000 })).toThrow(/above the hard cap/);
  });

  it('MediaError statuses match shared ERROR_STATUS', () => {
    for (const [code, status] of Object.entries(MEDIA_ERROR_STATUS)) {
      expect([code, status]).toEqual([code, ERROR_STATUS[code as keyof typeof ERROR_STATUS]]);
    }
  });

  it('the engine self-check finds drawtext and the bundled font', async () => {
    await expect(new GifEngine().selfCheck()).resolves.toBeUndefined();
  });
});
