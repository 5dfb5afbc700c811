/**
 * Local-disk storage (the default): objects are files under one directory (`${DATA_DIR}/files`), served by
 * the backend's static route at `${PUBLIC_BASE_URL}/files/<key>` (long cache headers: keys never change content).
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { isValidKey, assertValidKey, contentTypeFor } from './keys';
import type { PutResult, Storage } from './storage';

export { contentTypeFor };

export interface LocalStorageOptions {
  /** directory holding the objects, e.g. `${DATA_DIR}/files` */
  dir: string;
  /** e.g. https://example.com (no trailing slash needed) */
  publicBaseUrl: string;
  /** where withdrawn objects go (not served); default `private-files` beside `dir` */
  privateDir?: string;
}

/**
 * The absolute path of a stored object for the static route, or null when the key is not one we make
 * (traversal, absolute paths, unknown layout) or resolves outside `dir`. Does not check existence.
 */
export function resolveLocalFile(dir: string, key: string): string | null {
  if (!isValidKey(key)) return null;
  const root = path.resolve(dir);
  const file = path.resolve(root, ...key.split('/'));
  return file.startsWith(root + path.sep) ? file : null;
}

export class LocalStorage implements Storage {
  readonly driver = 'local' as const;
  readonly dir: string;
  readonly privateDir: string;
  private readonly base: string;

  constructor(options: LocalStorageOptions) {
    if (!options.dir) throw new Error('[storage] local storage needs a directory (DATA_DIR)');
    this.dir = path.resolve(options.dir);
    this.privateDir = path.resolve(options.privateDir ?? path.join(path.dirname(this.dir), 'private-files'));
    this.base = options.publicBaseUrl.replace(/\/+$/, '');
  }

  private file(key: string): string {
    assertValidKey(key);
    const file = resolveLocalFile(this.dir, key);
    if (!file) throw new Error(`[storage] invalid object key ${key}`);
    return file;
  }

  async put(key: string, body: Buffer | Readable, _contentType: string): Promise<PutResult> {
    const file = this.file(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Write beside the target, then rename: readers never see half a file, a failure leaves nothing.
    const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      if (Buffer.isBuffer(body)) await fs.promises.writeFile(tmp, body);
      else await pipeline(body, fs.createWriteStream(tmp));
      const { size } = await fs.promises.stat(tmp);
      await fs.promises.rename(tmp, file);
      return { key, bytes: size, url: await this.getUrl(key) };
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }

  async getUrl(key: string): Promise<string> {
    assertValidKey(key);
    return `${this.base}/files/${key}`;
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.file(key), { force: true });
  }

  async makePrivate(key: string): Promise<void> {
    const from = this.file(key);
    const to = resolveLocalFile(this.privateDir, key) as string; // same valid key, other root
    await fs.promises.mkdir(path.dirname(to), { recursive: true });
    await fs.promises.rename(from, to).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err; // already withdrawn or never stored
    });
  }

  async exists(key: string): Promise<boolean> {
    const st = await fs.promises.stat(this.file(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    return st?.isFile() ?? false;
  }

  async getStream(key: string): Promise<Readable> {
    const file = this.file(key);
    await fs.promises.access(file, fs.constants.R_OK);
    return fs.createReadStream(file);
  }
}
