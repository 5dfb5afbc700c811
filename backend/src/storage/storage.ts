/**
 * One storage interface for the GIFs, MP4s, thumbnails and uploads; local disk by default, Aliyun OSS in
 * production. Keys come from keys.ts and are checked by every implementation.
 */
import * as path from 'path';
import { Readable } from 'stream';
import { LocalStorage } from './local.storage';
import { OssStorage, ossOptionsFromEnv } from './oss.storage';

export interface PutResult {
  key: string;
  bytes: number;
  url: string;
}

export interface Storage {
  readonly driver: 'local' | 'oss';
  /** Writes the object (replacing it). A failed write leaves nothing behind under the key. */
  put(key: string, body: Buffer | Readable, contentType: string): Promise<PutResult>;
  /** A URL clients can fetch: public, or signed with an expiry (OSS, when configured). */
  getUrl(key: string): Promise<string>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Withdraws the object from public reach but keeps it for review (a sticker hidden for risky content): OSS sets
   * the object's ACL to private, local storage moves it out of the served folder. Idempotent.
   */
  makePrivate(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Reads the object back (e.g. the stored MP4 for conversion). Rejects when it does not exist. */
  getStream(key: string): Promise<Readable>;
}

export interface StorageEnv {
  STORAGE_DRIVER?: string;
  DATA_DIR?: string;
  PUBLIC_BASE_URL?: string;
  [name: string]: string | undefined;
}

/**
 * STORAGE_DRIVER=local (default): files under `${DATA_DIR}/files` (DATA_DIR default backend/data), URLs `${PUBLIC_BASE_URL}/files/<key>`.
 * STORAGE_DRIVER=oss: Aliyun OSS from the OSS_* variables (see oss.storage.ts). Throws a clear message
 * naming what is missing.
 */
export function createStorageFromEnv(env: StorageEnv = process.env): Storage {
  const driver = (env.STORAGE_DRIVER ?? 'local').toLowerCase();
  if (driver === 'oss') return new OssStorage(ossOptionsFromEnv(env));
  if (driver !== 'local') throw new Error(`[storage] STORAGE_DRIVER must be local or oss, got ${driver}`);
  return new LocalStorage({
    dir: path.join(path.resolve(env.DATA_DIR ?? path.join(__dirname, '..', '..', 'data')), 'files'),
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${env.PORT ?? '7001'}`,
  });
}
