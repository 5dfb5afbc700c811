/**
 * Object key layout, one place:
 *   stickers/<shard>/<yyyy>/<mm>/<task>.gif | .mp4 | .jpg   (the GIF, the provider's MP4, the thumbnail)
 *   uploads/<shard>/<yyyy>/<mm>/<id>.<ext>                   (validated user images)
 * Year and month are UTC. The shard (`s` + 2 hex digits) comes from a hash of the random task or upload id:
 * public URLs name no user and follow no sequence (keys made before had the user id there and stay valid). Only keys of this shape are accepted by the storages (isValidKey), so a key
 * from outside can never name a path outside the data dir or another bucket prefix.
 */
import { createHash, randomBytes } from 'crypto';

export type StickerFile = 'gif' | 'mp4' | 'jpg';
export type UploadExt = 'jpg' | 'png' | 'webp' | 'bmp';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^(stickers|uploads)\/[A-Za-z0-9_-]{1,64}\/\d{4}\/\d{2}\/[A-Za-z0-9_-]{1,64}\.(gif|mp4|jpg|png|webp|bmp)$/;

function checkId(kind: string, id: string | number): string {
  const s = String(id);
  if (!ID.test(s)) throw new Error(`[storage] ${kind} id must match ${ID}, got ${JSON.stringify(s).slice(0, 80)}`);
  return s;
}

function yyyymm(date: Date): string {
  return `${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

function shard(id: string): string {
  return `s${createHash('sha256').update(id).digest('hex').slice(0, 2)}`;
}

/** The key of a task's file: fixed per task (a retried conversion overwrites), no user id in it. */
export function stickerKey(taskId: string, file: StickerFile, date: Date = new Date()): string {
  const id = checkId('task', taskId);
  return `stickers/${shard(id)}/${yyyymm(date)}/${id}.${file}`;
}

export function uploadKey(ext: UploadExt, date: Date = new Date(), id: string = newId()): string {
  const checked = checkId('upload', id);
  return `uploads/${shard(checked)}/${yyyymm(date)}/${checked}.${ext}`;
}

/** 20 random URL-safe characters (120 bits). */
export function newId(): string {
  return randomBytes(15).toString('base64url');
}

/** True only for keys this module makes: no `..`, no absolute path, no backslash, nothing else. */
export function isValidKey(key: unknown): key is string {
  return typeof key === 'string' && key.length <= 256 && KEY.test(key);
}

export function assertValidKey(key: unknown): asserts key is string {
  if (!isValidKey(key)) throw new Error(`[storage] invalid object key ${JSON.stringify(String(key)).slice(0, 120)}`);
}

export const CONTENT_TYPES: Record<string, string> = {
  gif: 'image/gif',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  bmp: 'image/bmp',
};

/** Content type for a key or an extension (`.gif`, `gif`, `stickers/…/x.gif`); octet-stream when unknown. */
export function contentTypeFor(keyOrExt: string): string {
  const ext = keyOrExt.slice(keyOrExt.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
