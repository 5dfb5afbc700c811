/**
 * Removes metadata from a photo before it is stored: EXIF (camera, time, GPS location), XMP, IPTC and comments.
 * Works on the container, not the pixels, so nothing is re-encoded: JPEG drops APP1 (EXIF/XMP), APP13 (IPTC) and
 * COM segments; PNG drops eXIf, tEXt, zTXt, iTXt and tIME chunks; WebP drops EXIF and XMP chunks (and clears their
 * VP8X flags). Colour information (JFIF, ICC, Adobe) stays. BMP carries no such metadata.
 */
import { MediaError } from '../media/errors';

const broken = (format: string) => new MediaError('IMAGE_INVALID', '图片文件已损坏，请换一张', { reason: 'metadata_parse', format });

export function stripImageMetadata(data: Buffer, mime: string): Buffer {
  if (mime === 'image/jpeg') return stripJpeg(data);
  if (mime === 'image/png') return stripPng(data);
  if (mime === 'image/webp') return stripWebp(data);
  return data;
}

const JPEG_DROP = new Set([0xe1, 0xed, 0xfe]); // APP1, APP13, COM

function stripJpeg(data: Buffer): Buffer {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) throw broken('jpeg');
  const parts: Buffer[] = [data.subarray(0, 2)];
  let i = 2;
  while (i < data.length) {
    if (data[i] !== 0xff) throw broken('jpeg');
    const marker = data[i + 1] as number;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(data.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > data.length) throw broken('jpeg');
    const length = data.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > data.length) throw broken('jpeg');
    if (marker === 0xda) {
      parts.push(data.subarray(i)); // start of scan: the compressed image and the rest, as they are
      break;
    }
    if (!JPEG_DROP.has(marker)) parts.push(data.subarray(i, i + 2 + length));
    i += 2 + length;
  }
  return Buffer.concat(parts);
}

const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

function stripPng(data: Buffer): Buffer {
  if (data.length < 8 || data.readUInt32BE(0) !== 0x89504e47) throw broken('png');
  const parts: Buffer[] = [data.subarray(0, 8)];
  let i = 8;
  while (i < data.length) {
    if (i + 12 > data.length) throw broken('png');
    const length = data.readUInt32BE(i);
    const type = data.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (end > data.length) throw broken('png');
    if (!PNG_DROP.has(type)) parts.push(data.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(parts);
}

function stripWebp(data: Buffer): Buffer {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'RIFF' || data.toString('latin1', 8, 12) !== 'WEBP') throw broken('webp');
  const chunks: Buffer[] = [];
  let i = 12;
  while (i + 8 <= data.length) {
    const type = data.toString('latin1', i, i + 4);
    const size = data.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > data.length) throw broken('webp');
    if (type === 'VP8X') {
      const chunk = Buffer.from(data.subarray(i, Math.min(end, data.length)));
      chunk[8] = (chunk[8] as number) & ~0x0c; // EXIF (0x08) and XMP (0x04) flags
      chunks.push(chunk);
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      chunks.push(data.subarray(i, Math.min(end, data.length)));
    }
    i = end;
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}
