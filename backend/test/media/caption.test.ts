/**
 * Caption styles on real ffmpeg output: the text fits the width (one or two lines, nothing past the edges),
 * sits where the style says, in the preset's colours, and characters the font cannot draw (emoji) are
 * refused instead of vanishing. Frames are decoded back to pixels; a solid background makes the text easy to find.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CAPTION_COLORS, ERROR_STATUS } from '@app/shared';
import { CaptionLook, layoutCaption } from '../../src/media/caption';
import { MediaError } from '../../src/media/errors';
import { FontMetrics } from '../../src/media/font-metrics';
import { DEFAULT_FONT, GifEngine } from '../../src/media/gif';
import { ffmpegPaths } from '../../src/media/ffmpeg';

const ff = ffmpegPaths();
const BG = [0x30, 0x60, 0xa0];
let work: string;
let tmp: string;
let clip: string; // solid blue, square
let wide: string; // solid blue, 2:1
const font = FontMetrics.load(DEFAULT_FONT);

function makeClip(name: string, size: string): string {
  const out = path.join(work, `${name}.mp4`);
  execFileSync(ff.ffmpeg, [
    '-y',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x3060a0:s=${size}:r=10`,
    '-t',
    '1',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    '10',
    '-pix_fmt',
    'yuv444p',
    out,
  ]);
  return out;
}

interface Frame {
  width: number;
  height: number;
  rgb: Buffer;
}

function firstFrame(gif: Buffer, width: number, height: number): Frame {
  const file = path.join(work, `f${Date.now()}${Math.random()}.gif`);
  fs.writeFileSync(file, gif);
  const rgb = execFileSync(ff.ffmpeg, ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 16 << 20,
  });
  return { width, height, rgb };
}

const px = (f: Frame, x: number, y: number) => Array.from(f.rgb.subarray((y * f.width + x) * 3, (y * f.width + x) * 3 + 3));
const dist = (a: number[], b: number[]) => Math.abs(a[0]! - b[0]!) + Math.abs(a[1]! - b[1]!) + Math.abs(a[2]! - b[2]!);
const rgbOf = (hex: string) => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));

/** Bounding box of the pixels that are not background. */
function inkBox(f: Frame) {
  let x0 = f.width,
    x1 = -1,
    y0 = f.height,
    y1 = -1;
  for (let y = 0; y < f.height; y++) {
    for (let x = 0; x < f.width; x++) {
      if (dist(px(f, x, y), BG) > 90) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { x0, x1, y0, y1 };
}

/** Rows that carry ink, grouped into bands (one band per text line). */
function inkBands(f: Frame): number {
  let bands = 0;
  let inBand = false;
  for (let y = 0; y < f.height; y++) {
    let ink = false;
    for (let x = 0; x < f.width && !ink; x++) ink = dist(px(f, x, y), BG) > 90;
    if (ink && !inBand) bands++;
    inBand = ink;
  }
  return bands;
}

function countNear(f: Frame, colour: number[], tolerance = 60): number {
  let n = 0;
  for (let i = 0; i < f.rgb.length; i += 3) if (dist([f.rgb[i]!, f.rgb[i + 1]!, f.rgb[i + 2]!], colour) < tolerance) n++;
  return n;
}

const look = (position: CaptionLook['position'], color: keyof typeof CAPTION_COLORS = 'white'): CaptionLook => ({
  position,
  fill: CAPTION_COLORS[color].fill,
  outline: CAPTION_COLORS[color].outline,
});

async function render(input: string, caption: string, l: CaptionLook): Promise<Frame> {
  const r = await new GifEngine({ tmpDir: tmp }).convert(input, { caption, look: l });
  return firstFrame(r.gif, r.metadata.width, r.metadata.height);
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'caption-clips-'));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caption-tmp-'));
  clip = makeClip('square', '240x240');
  wide = makeClip('wide', '480x240');
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  expect(fs.readdirSync(tmp)).toEqual([]); // no temp files left behind
});

describe('the caption font', () => {
  it('knows its glyphs and their widths', () => {
    expect(font.has('囧')).toBe(true);
    expect(font.has('A')).toBe(true);
    expect(font.has('😀')).toBe(false);
    expect(font.widthEm('你')).toBeCloseTo(1, 1);
    expect(font.widthEm('W')).toBeGreaterThan(font.widthEm('i') * 2);
    expect(font.missing('好的😀👍好')).toEqual(['😀', '👍']);
  });
});

describe('layout', () => {
  it('keeps a short caption on one big line and puts a long one on two balanced lines', () => {
    const short = layoutCaption('收到', 240, 240, 'bottom', font);
    expect(short.lines).toEqual(['收到']);
    expect(short.size).toBe(Math.floor(240 * 0.18));
    const long = layoutCaption('今天也是元气满满的一天加油鸭', 240, 240, 'bottom', font);
    expect(long.lines).toEqual(['今天也是元气满', '满的一天加油鸭']); // balanced: 7 + 7
    expect(long.size).toBeGreaterThan(20);
  });

  it('breaks Latin text at a space, not inside a word', () => {
    const l = layoutCaption('GOOD MORNING ALL', 240, 240, 'top', font);
    expect(l.lines.map(x => x.split(' ').every(w => ['GOOD', 'MORNING', 'ALL'].includes(w)))).toEqual([true, true]);
  });
});

describe('captions on real GIFs', () => {
  it('fits a 16-character caption inside the frame on two lines (nothing cut off at the edges)', async () => {
    const cases: [string, string, number][] = [
      [clip, '今天也是元气满满的一天加油鸭冲冲', 2],
      [clip, 'WWWWWWWWWWWWWWWW', 2],
      [wide, '我真的会谢谢你全家人啊啊啊啊啊', 2],
    ];
    for (const [input, text, lines] of cases) {
      const f = await render(input, text, look('bottom'));
      const layout = layoutCaption(text, f.width, f.height, 'bottom', font);
      expect(layout.lines).toHaveLength(lines);
      const box = inkBox(f);
      expect(box.x0).toBeGreaterThanOrEqual(2);
      expect(box.x1).toBeLessThanOrEqual(f.width - 3);
      expect(box.y1).toBeLessThanOrEqual(f.height - 3);
      expect(box.x1 - box.x0).toBeGreaterThan(f.width * 0.5); // and it is not tiny either
      // the drawn block is as tall as its lines: two lines really are two
      expect(box.y1 - box.y0).toBeGreaterThan(layout.size * (lines - 0.3));
    }
  });

  it('puts the caption at the top, in the middle or at the bottom', async () => {
    const centres: Record<string, number> = {};
    for (const position of ['top', 'middle', 'bottom'] as const) {
      const f = await render(clip, '收到', look(position));
      const box = inkBox(f);
      centres[position] = (box.y0 + box.y1) / 2;
      expect(inkBands(f)).toBe(1);
    }
    expect(centres.top).toBeLessThan(240 / 4);
    expect(Math.abs(centres.middle! - 120)).toBeLessThan(12);
    expect(centres.bottom).toBeGreaterThan(240 * 0.75);
  });

  it('draws the preset colours: fill with its outline', async () => {
    for (const color of ['yellow', 'black', 'red'] as const) {
      const f = await render(clip, '晚安', look('middle', color));
      expect(countNear(f, rgbOf(CAPTION_COLORS[color].fill))).toBeGreaterThan(200);
      expect(countNear(f, rgbOf(CAPTION_COLORS[color].outline))).toBeGreaterThan(100);
    }
  });

  it('refuses emoji with CAPTION_UNSUPPORTED (400) and a Chinese message, before any work', async () => {
    const e = new GifEngine({ tmpDir: tmp });
    const err = await e.convert(clip, { caption: '晚安🌙' }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe('CAPTION_UNSUPPORTED');
    expect((err as MediaError).status).toBe(ERROR_STATUS.CAPTION_UNSUPPORTED);
    expect((err as MediaError).message).toContain('表情符号');
    expect((err as MediaError).details?.characters).toEqual(['🌙']);
    expect(() => e.checkCaption('好的👍🏻')).toThrow(MediaError);
    expect(e.checkCaption(' 好的 OK ')).toBe('好的 OK');
  });
});
