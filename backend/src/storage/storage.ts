/**
 * One storage interface for the GIFs, MP4s, thumbnails and uploads; local disk by default, Aliyun OSS in
 * production (storage.factory.ts picks one from config/storage.ts). Keys come from keys.ts and are checked by
 * every implementation.
 */
import { Readable } from 'stream';

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
