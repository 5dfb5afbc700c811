/**
 * Upload and Data URI validation on images made here with ffmpeg, and on the broken cases a client can send.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MediaError } from '../../src/media/errors';
import { ffmpegPaths } from '../../src/media/ffmpeg';
import { detectImageMime, inspectGif, parseDataUri, readImageSize, validateImage, validateImageDataUri } from '../../src/media/image';

const ff = ffmpegPaths();
let work: string;
let tmp: string;

function makeImage(name: string, size: string, args: string[] = []): Buffer {
  const out = path.join(work, name);
  execFileSync(ff.ffmpeg, ['-y', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${size}`, '-frames:v', '1', ...args, out]);
  return fs.readFileSync(out);
}

const codeOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  return (err as MediaError).code;
};

let img: Record<'png' | 'jpg' | 'webp' | 'bmp' | 'small' | 'wideJpg' | 'bigPng' | 'thin', Buffer>;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'img-'));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'img-tmp-'));
  img = {
    png: makeImage('a.png', '400x380'),
    jpg: makeImage('a.jpg', '800x600', ['-q:v', '3']),
    webp: makeImage('a.webp', '500x500', ['-c:v', 'libwebp', '-quality', '80']),
    bmp: makeImage('a.bmp', '400x400'),
    small: makeImage('small.png', '300x300'),
    wideJpg: makeImage('wide.jpg', '3000x1500', ['-q:v', '3']),
    bigPng: makeImage('big.png', '2400x2400'),
    thin: makeImage('thin.jpg', '4000x600', ['-q:v', '5']),
  };
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  expect(fs.readdirSync(tmp)).toEqual([]);
});

describe('validateImage', () => {
  it.each([
    ['png', 'image/png', 400, 380],
    ['jpg', 'image/jpeg', 800, 600],
    ['webp', 'image/webp', 500, 500],
    ['bmp', 'image/bmp', 400, 400],
  ] as const)('accepts %s by its bytes, with its size', async (name, mime, width, height) => {
    const r = await validateImage(img[name], { tmpDir: tmp });
    expect(r).toMatchObject({ mime, width, height, resized: false, bytes: img[name].length });
    expect(r.buffer).toBe(img[name]);
  });

  it('downscales a side over 2000 px (JPEG stays JPEG, PNG stays PNG)', async () => {
    const j = await validateImage(img.wideJpg, { tmpDir: tmp });
    expect(j).toMatchObject({ mime: 'image/jpeg', width: 2000, height: 1000, resized: true });
    expect(readImageSize(j.buffer, 'image/jpeg')).toEqual({ width: 2000, height: 1000 });
    expect(j.original).toMatchObject({ width: 3000, height: 1500 });
    const p = await validateImage(img.bigPng, { tmpDir: tmp });
    expect(p).toMatchObject({ mime: 'image/png', ext: 'png', width: 2000, height: 2000, resized: true });
    expect(detectImageMime(p.buffer)).toBe('image/png');
  });

  it('refuses sides under 360 px, also when the downscale would make one', async () => {
    expect(await codeOf(validateImage(img.small, { tmpDir: tmp }))).toBe('IMAGE_TOO_SMALL');
    expect(await codeOf(validateImage(img.thin, { tmpDir: tmp }))).toBe('IMAGE_TOO_SMALL');
  });

  it('refuses a PNG signature in front of text', async () => {
    const fake = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('hello world, not a picture. '.repeat(80))]);
    expect(detectImageMime(fake)).toBe('image/png');
    expect(await codeOf(validateImage(fake, { tmpDir: tmp }))).toBe('IMAGE_INVALID');
  });

  it('refuses a truncated JPEG and a truncated PNG', async () => {
    expect(await codeOf(validateImage(img.jpg.subarray(0, Math.floor(img.jpg.length / 2)), { tmpDir: tmp }))).toBe('IMAGE_INVALID');
    expect(await codeOf(validateImage(img.png.subarray(0, img.png.length - 100), { tmpDir: tmp }))).toBe('IMAGE_INVALID');
  });

  it('refuses unknown types, too few and too many bytes', async () => {
    expect(await codeOf(validateImage(Buffer.from('plain text '.repeat(200)), { tmpDir: tmp }))).toBe('UNSUPPORTED_MEDIA');
    expect(await codeOf(validateImage(img.png.subarray(0, 500), { tmpDir: tmp }))).toBe('IMAGE_INVALID');
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1);
    img.jpg.copy(huge);
    const err = await validateImage(huge, { tmpDir: tmp }).catch((e: MediaError) => e);
    expect(err).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('refuses bytes that contradict the declared type', async () => {
    expect(await codeOf(validateImage(img.png, { tmpDir: tmp, declaredMime: 'image/jpeg' }))).toBe('IMAGE_INVALID');
    await expect(validateImage(img.jpg, { tmpDir: tmp, declaredMime: 'image/jpg' })).resolves.toMatchObject({ mime: 'image/jpeg' });
    await expect(validateImage(img.png, { tmpDir: tmp, declaredMime: 'application/octet-stream' })).resolves.toMatchObject({
      mime: 'image/png',
    });
    expect(await codeOf(validateImage(img.png, { tmpDir: tmp, declaredMime: 'text/plain' }))).toBe('IMAGE_INVALID');
  });
});

describe('Data URIs (seed 001 img_base64)', () => {
  const uri = (mime: string, b: Buffer) => `data:${mime};base64,${b.toString('base64')}`;

  it('accepts a PNG Data URI and gives one back', async () => {
    const r = await validateImageDataUri(uri('image/png', img.png), { tmpDir: tmp });
    expect(r).toMatchObject({ mime: 'image/png', width: 400, height: 380 });
    expect(r.dataUri).toBe(uri('image/png', img.png));
  });

  it('gives back the downscaled image', async () => {
    const r = await validateImageDataUri(uri('image/jpeg', img.wideJpg), { tmpDir: tmp });
    expect(r.dataUri.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(readImageSize(parseDataUri(r.dataUri).buffer, 'image/jpeg')).toEqual({ width: 2000, height: 1000 });
  });

  it('refuses a MIME that does not match the bytes', async () => {
    expect(await codeOf(validateImageDataUri(uri('image/jpeg', img.png), { tmpDir: tmp }))).toBe('IMAGE_INVALID');
  });

  it('refuses types that are not images, and strings that are not base64 Data URIs', async () => {
    expect(await codeOf(validateImageDataUri(uri('text/plain', img.png)))).toBe('UNSUPPORTED_MEDIA');
    expect(await codeOf(validateImageDataUri('iVBORw0KGgo='))).toBe('IMAGE_INVALID');
    expect(await codeOf(validateImageDataUri(`data:image/png,${img.png.toString('base64')}`))).toBe('IMAGE_INVALID');
    expect(await codeOf(validateImageDataUri(42))).toBe('IMAGE_INVALID');
  });

  it('refuses broken base64', async () => {
    const good = img.png.toString('base64');
    expect(await codeOf(validateImageDataUri(`data:image/png;base64,${good.slice(0, 100)}*!${good.slice(100)}`))).toBe('IMAGE_INVALID');
    expect(await codeOf(validateImageDataUri(`data:image/png;base64,${good}A`))).toBe('IMAGE_INVALID');
  });

  it('caps the string length before decoding anything', () => {
    const spy = jest.spyOn(Buffer, 'from');
    try {
      const big = 'data:image/png;base64,' + 'A'.repeat(14 * 1024 * 1024);
      expect(() => parseDataUri(big)).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', status: 413 }));
      expect(spy).not.toHaveBeenCalledWith(expect.anything(), 'base64');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('inspectGif', () => {
  it('refuses a truncated GIF', () => {
    const gifFile = path.join(work, 'x.gif');
    execFileSync(ff.ffmpeg, ['-y', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=64x64:d=0.5', gifFile]);
    const gif = fs.readFileSync(gifFile);
    expect(inspectGif(gif)).toMatchObject({ width: 64, height: 64, frames: 13, loopCount: 0 });
    expect(() => inspectGif(gif.subarray(0, gif.length - 40))).toThrow(MediaError);
    expect(() => inspectGif(Buffer.from('GIF89a'))).toThrow(MediaError);
  });
});
