import { ILogger, Inject, Logger, Provide } from '@midwayjs/core';
import archiver from 'archiver';
import { PassThrough, Readable } from 'stream';
import { StickerMediaService } from '../pipeline/sticker-media.service';

export interface ZipEntry {
  /** path inside the zip */
  name: string;
  /** a stored file … */
  key?: string;
  /** … or bytes made for the zip */
  data?: Buffer;
}

/**
 * Streams a zip of stored files (archiver): nothing is buffered whole, the response starts with the first entry.
 * GIFs and PNGs are already compressed, so entries are stored, not deflated.
 */
@Provide()
export class PackZipService {
  @Inject()
  media: StickerMediaService;

  @Logger()
  logger: ILogger;

  async stream(entries: ZipEntry[]): Promise<Readable> {
    const zip = archiver('zip', { store: true });
    for (const e of entries) {
      if (e.data) zip.append(e.data, { name: e.name });
      else if (e.key) zip.append(await this.media.read(e.key), { name: e.name });
    }
    zip.on('warning', (err: Error) => this.logger.warn('[packs] zip warning: %s', err.message));
    // archiver's streams come from the readable-stream package: hand Koa a core stream it recognises
    const out = new PassThrough();
    zip.on('error', (err: Error) => out.destroy(err));
    zip.pipe(out);
    zip.finalize().catch((err: Error) => this.logger.error('[packs] zip failed: %s', err.message));
    return out;
  }
}
