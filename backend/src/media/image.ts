/**
 * Image validation for uploads and seed 001's `img_base64` Data URIs, to DashScope image-to-video's limits:
 * JPEG / PNG / WebP / BMP by magic bytes (a declared type is never trusted), 1 KB – 10 MB, every side
 * 360–2000 px after an automatic downscale of larger images (long side → 2000, aspect kept).
 * Headers are parsed here, and the file's structure checked (a truncated file is refused); ffmpeg then decodes
 * every image once with -xerror (an undecodable image is refused; damage the decoder conceals inside the
 * picture data is tolerated, as browsers do) and does the downscale.
 *
 * Also here: inspectGif, the GIF block walker the GIF engine and the tests use.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MediaError } from './errors';
import { FfmpegPaths, FfmpegRunError, FfmpegTimeoutError, Pool, ffmpegPaths, runFfmpeg } from './ffmpeg';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/bmp';
export const IMAGE_EXT: Record<ImageMime, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
};

export interface ImageLimits {
  minBytes?: number; // 1024
  maxBytes?: number; // 10 MB
  minSide?: number; // 360
  maxSide?: number; // 2000
  /** width × height read from the header, refused before any decoding (decompression bombs); default 30 M */
  maxPixels?: number;
}
export interface ValidateImageOptions extends ImageLimits {
  /** the type the client claimed (Content-Type, Data URI): must match the bytes when given (octet-stream is ignored) */
  declaredMime?: string;
  tmpDir?: string;
  timeoutMs?: number; // 20000
  paths?: FfmpegPaths;
}

export interface ValidatedImage {
  /** the bytes to store / send on: the original, or the downscaled image */
  buffer: Buffer;
  mime: ImageMime;
  ext: string;
  width: number;
  height: number;
  bytes: number;
  resized: boolean;
  original: { mime: ImageMime; width: number; height: number; bytes: number };
}

const MB = 1024 * 1024;
/**
 * maxPixels: a 10000×10000 PNG can be 300 KB on the wire and take 336 MB and seconds of ffmpeg to decode, so the
 * cap is on pixels, read from the header before decoding: 30 M covers a 6000×5000 phone photo (about 100 MB to decode).
 */
const DEFAULTS = { minBytes: 1024, maxBytes: 10 * MB, minSide: 360, maxSide: 2000, maxPixels: 30_000_000 };
const pool = new Pool(Math.max(1, os.cpus().length));

/** Images waiting for a decoder slot in this process (callers refuse new work when it is long). */
export function imageQueueLength(): number {
  return pool.queued;
}

const invalid = (message: string, reason: string, extra?: Record<string, unknown>) => new MediaError('IMAGE_INVALID', message, { reason, ...extra });

/** The image type from the first bytes, or undefined. */
export function detectImageMime(buf: Buffer): ImageMime | undefined {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  if (buf.length >= 26 && buf[0] === 0x42 && buf[1] === 0x4d) return 'image/bmp';
  return undefined;
}

/** Width and height from the header, after checking the file's structure is complete. Throws IMAGE_INVALID. */
export function readImageSize(buf: Buffer, mime: ImageMime): { width: number; height: number } {
  const size = { 'image/jpeg': jpegSize, 'image/png': pngSize, 'image/webp': webpSize, 'image/bmp': bmpSize }[mime](buf);
  if (!size || !(size.width > 0 && size.height > 0)) throw invalid('图片已损坏或不完整', 'header');
  return size;
}

function pngSize(buf: Buffer) {
  let off = 8;
  let sawEnd = false;
  while (off + 12 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    if (off === 8 && type !== 'IHDR') return undefined;
    off += 12 + len;
    if (type === 'IEND') {
      sawEnd = off <= buf.length;
      break;
    }
  }
  return sawEnd ? { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) } : undefined;
}

function jpegSize(buf: Buffer) {
  let off = 2;
  let size: { width: number; height: number } | undefined;
  while (off + 4 <= buf.length) {
    if (buf[off] !== 0xff) return undefined;
    const marker = buf[off + 1]!;
    if (marker === 0xff) {
      off++;
      continue;
    } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      off += 2;
      continue;
    }
    const len = buf.readUInt16BE(off + 2);
    if (len < 2 || off + 2 + len > buf.length) return undefined;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && len >= 7) size = { height: buf.readUInt16BE(off + 5), width: buf.readUInt16BE(off + 7) };
    if (marker === 0xda) {
      // Entropy-coded data follows; a complete file ends with EOI after it.
      const eoi = buf.lastIndexOf(Buffer.from([0xff, 0xd9]));
      return eoi > off + 2 + len ? size : undefined;
    }
    off += 2 + len;
  }
  return undefined;
}

function webpSize(buf: Buffer) {
  if (buf.length < 30 || buf.readUInt32LE(4) + 8 > buf.length) return undefined;
  const chunk = buf.toString('latin1', 12, 16);
  if (chunk === 'VP8X') {
    if ((buf[20]! & 0x02) !== 0) throw invalid('不支持动图，请上传静态图片', 'animated');
    return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
  }
  if (chunk === 'VP8 ' && buf[23] === 0x9d && buf[24] === 0x01 && buf[25] === 0x2a) {
    return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L' && buf[20] === 0x2f) {
    const bits = buf.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

function bmpSize(buf: Buffer) {
  const fileSize = buf.readUInt32LE(2);
  const dib = buf.readUInt32LE(14);
  if (fileSize > buf.length || buf.readUInt32LE(10) >= buf.length) return undefined;
  if (dib === 12) return { width: buf.readUInt16LE(18), height: buf.readUInt16LE(20) };
  if (dib < 40) return undefined;
  return { width: Math.abs(buf.readInt32LE(18)), height: Math.abs(buf.readInt32LE(22)) };
}

/**
 * Validates an image and downscales it when a side is over maxSide.
 * Throws MediaError: PAYLOAD_TOO_LARGE, IMAGE_INVALID, UNSUPPORTED_MEDIA, IMAGE_TOO_SMALL.
 */
export async function validateImage(buf: Buffer, options: ValidateImageOptions = {}): Promise<ValidatedImage> {
  const lim = { ...DEFAULTS, ...definedOnly(options) };
  if (buf.length > lim.maxBytes) {
    throw new MediaError('PAYLOAD_TOO_LARGE', `图片不能超过 ${Math.round(lim.maxBytes / MB)}MB`, {
      bytes: buf.length,
      maxBytes: lim.maxBytes,
    });
  }
  if (buf.length < lim.minBytes) throw invalid('图片文件过小或已损坏', 'too_few_bytes', { bytes: buf.length });
  const mime = detectImageMime(buf);
  if (!mime) throw new MediaError('UNSUPPORTED_MEDIA', '仅支持 JPEG、PNG、WebP、BMP 格式的图片', { reason: 'unknown_type' });
  const declared = normalizeMime(options.declaredMime);
  // Generic declarations (multipart clients often send octet-stream) say nothing; any other must match.
  if (declared && !/^(application|binary)\/octet-stream$/.test(declared) && declared !== mime) {
    throw invalid('图片格式与声明的类型不符', 'mime_mismatch', { declared: options.declaredMime, detected: mime });
  }
  const { width, height } = readImageSize(buf, mime);
  if (width * height > lim.maxPixels) {
    throw invalid(`图片分辨率过大（最多 ${Math.round(lim.maxPixels / 1e6)} 百万像素）`, 'too_many_pixels', { width, height, maxPixels: lim.maxPixels });
  }
  const k = Math.min(1, lim.maxSide / Math.max(width, height));
  const outW = Math.round(width * k);
  const outH = Math.round(height * k);
  if (Math.min(outW, outH) < lim.minSide) {
    throw new MediaError('IMAGE_TOO_SMALL', `图片太小：每边至少 ${lim.minSide} 像素（现在 ${width}×${height}）`, {
      width,
      height,
      minSide: lim.minSide,
      ...(k < 1 ? { scaledWidth: outW, scaledHeight: outH } : {}),
    });
  }
  const original = { mime, width, height, bytes: buf.length };
  const out = await decodeAndScale(buf, mime, k < 1 ? { width: outW, height: outH } : undefined, lim.maxBytes, options);
  const outMime = out ? out.mime : mime;
  const result = out ? out.buffer : buf;
  return {
    buffer: result,
    mime: outMime,
    ext: IMAGE_EXT[outMime],
    bytes: result.length,
    resized: k < 1,
    original,
    width: k < 1 ? outW : width,
    height: k < 1 ? outH : height,
  };
}

/** Decodes the image with ffmpeg (catches corrupt data); with `to`, also writes the downscaled image. */
async function decodeAndScale(
  buf: Buffer,
  mime: ImageMime,
  to: { width: number; height: number } | undefined,
  maxBytes: number,
  options: ValidateImageOptions,
): Promise<{ buffer: Buffer; mime: ImageMime } | undefined> {
  return pool.run(async () => {
    const dir = await fs.promises.mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), 'img-'));
    const run = (outputOptions: string[], output: string, filter?: string) =>
      runFfmpeg(
        {
          inputs: [
            {
              path: `in.${IMAGE_EXT[mime]}`,
              options: ['-xerror', '-protocol_whitelist', 'file', '-format_whitelist', 'image2,png_pipe,jpeg_pipe,webp_pipe,bmp_pipe'],
            },
          ],
          complexFilter: filter,
          outputOptions: ['-frames:v', '1', ...outputOptions],
          output,
          cwd: dir,
          timeoutMs: options.timeoutMs ?? 20000,
        },
        options.paths ?? ffmpegPaths(),
      );
    try {
      await fs.promises.writeFile(path.join(dir, `in.${IMAGE_EXT[mime]}`), buf);
      if (!to) {
        await run(['-f', 'null'], '-');
        return undefined;
      }
      // JPEG stays JPEG; PNG, WebP (may carry alpha) and BMP become PNG, falling back to JPEG when too big.
      const scale = `scale=${to.width}:${to.height}:flags=lanczos`;
      if (mime !== 'image/jpeg') {
        await run(['-f', 'image2', '-c:v', 'png'], 'out.png', scale);
        const png = await fs.promises.readFile(path.join(dir, 'out.png'));
        if (png.length <= maxBytes) return { buffer: png, mime: 'image/png' as const };
      }
      await run(['-f', 'image2', '-c:v', 'mjpeg', '-q:v', '2'], 'out.jpg', `${scale},format=yuvj420p`);
      return { buffer: await fs.promises.readFile(path.join(dir, 'out.jpg')), mime: 'image/jpeg' as const };
    } catch (err) {
      if (err instanceof FfmpegTimeoutError) throw new MediaError('MEDIA_TIMEOUT', '图片处理超时，请重试', { reason: 'timeout' }, err);
      if (err instanceof FfmpegRunError) throw invalid('图片已损坏，无法解码', 'decode', { stderr: err.stderr });
      throw err;
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  });
}

function normalizeMime(mime: string | undefined): string | undefined {
  const m = mime?.split(';')[0]?.trim().toLowerCase();
  if (!m) return undefined;
  return m === 'image/jpg' || m === 'image/pjpeg' ? 'image/jpeg' : m === 'image/x-ms-bmp' ? 'image/bmp' : m;
}

function definedOnly(o: ImageLimits): ImageLimits {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k in DEFAULTS)) as ImageLimits;
}

// ---- Data URIs (seed 001's img_base64) ----

/**
 * Parses `data:image/png;base64,...`. The string's length is capped before any decoding
 * (PAYLOAD_TOO_LARGE); a MIME outside the four types → UNSUPPORTED_MEDIA; not a base64 Data URI or broken
 * base64 → IMAGE_INVALID. Does not look at the bytes: validateImageDataUri does.
 */
export function parseDataUri(uri: unknown, maxBytes = DEFAULTS.maxBytes): { declaredMime: string; buffer: Buffer } {
  if (typeof uri !== 'string' || uri === '') throw invalid('图片必须是 Data URI 格式（data:image/png;base64,...）', 'not_data_uri');
  // base64 is 4 chars per 3 bytes; allow line breaks (+3%) and a header.
  const maxChars = 256 + Math.ceil(Math.ceil(maxBytes / 3) * 4 * 1.03);
  if (uri.length > maxChars) {
    throw new MediaError('PAYLOAD_TOO_LARGE', `图片不能超过 ${Math.round(maxBytes / MB)}MB`, { chars: uri.length, maxChars });
  }
  const comma = uri.indexOf(',');
  const header = comma > 0 && comma <= 256 ? uri.slice(0, comma) : '';
  const m = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)((?:;[a-z0-9.+-]+=[^;,]*)*);base64$/i.exec(header.trim());
  if (!m) throw invalid('图片必须是 base64 编码的 Data URI（data:image/png;base64,...）', 'not_data_uri');
  const declaredMime = normalizeMime(m[1])!;
  if (!(declaredMime in IMAGE_EXT)) {
    throw new MediaError('UNSUPPORTED_MEDIA', '仅支持 JPEG、PNG、WebP、BMP 格式的图片', { reason: 'mime', declared: m[1] });
  }
  const body = uri.slice(comma + 1).replace(/[\r\n\t ]+/g, '');
  if (body.length === 0 || body.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw invalid('图片的 base64 编码无效', 'bad_base64');
  }
  return { declaredMime, buffer: Buffer.from(body, 'base64') };
}

/** parseDataUri + validateImage (the bytes must match the declared MIME); returns a Data URI of the result. */
export async function validateImageDataUri(
  uri: unknown,
  options: Omit<ValidateImageOptions, 'declaredMime'> = {},
): Promise<ValidatedImage & { dataUri: string }> {
  const { declaredMime, buffer } = parseDataUri(uri, options.maxBytes ?? DEFAULTS.maxBytes);
  const image = await validateImage(buffer, { ...options, declaredMime });
  return { ...image, dataUri: `data:${image.mime};base64,${image.buffer.toString('base64')}` };
}

// ---- GIF ----

export interface GifInfo {
  width: number;
  height: number;
  frames: number;
  /** sum of the frame delays */
  durationMs: number;
  /** NETSCAPE2.0 loop count: 0 = forever; undefined = no loop extension (plays once) */
  loopCount?: number;
}

/** Walks a GIF's blocks. Throws MEDIA_INVALID when it is not a complete GIF. */
export function inspectGif(buf: Buffer): GifInfo {
  const bad = (why: string) => new MediaError('MEDIA_INVALID', '生成的 GIF 无效', { reason: 'gif_structure', why });
  if (buf.length < 14 || !/^GIF8[79]a$/.test(buf.toString('latin1', 0, 6))) throw bad('signature');
  const info: GifInfo = { width: buf.readUInt16LE(6), height: buf.readUInt16LE(8), frames: 0, durationMs: 0 };
  let off = 13 + (buf[10]! & 0x80 ? 3 * (1 << ((buf[10]! & 7) + 1)) : 0);
  const skipSubBlocks = () => {
    while (off < buf.length && buf[off] !== 0) off += buf[off]! + 1;
    if (off >= buf.length) throw bad('truncated');
    off++;
  };
  while (off < buf.length) {
    const block = buf[off];
    if (block === 0x3b) return info;
    if (block === 0x21) {
      const label = buf[off + 1];
      off += 2;
      if (label === 0xf9 && buf[off] === 4 && off + 5 <= buf.length) info.durationMs += buf.readUInt16LE(off + 2) * 10;
      if (label === 0xff && buf[off] === 11 && buf.toString('latin1', off + 1, off + 12) === 'NETSCAPE2.0') {
        const sub = off + 12;
        if (buf[sub] === 3 && buf[sub + 1] === 1 && sub + 4 <= buf.length) info.loopCount = buf.readUInt16LE(sub + 2);
      }
      skipSubBlocks();
    } else if (block === 0x2c) {
      if (off + 10 > buf.length) throw bad('truncated');
      const packed = buf[off + 9]!;
      off += 10 + (packed & 0x80 ? 3 * (1 << ((packed & 7) + 1)) : 0) + 1; // + LZW minimum code size
      skipSubBlocks();
      info.frames++;
    } else {
      throw bad(`block 0x${(block ?? 0).toString(16)} at ${off}`);
    }
  }
  throw bad('no trailer');
}
