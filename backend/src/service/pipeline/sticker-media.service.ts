import { Config, Init, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import type { Task } from '../../entity/task.entity';
import { AppError } from '../../error/app.error';
import { isMediaError, MediaError } from '../../media/errors';
import { GifEngine, GifEngineOptions, GifResult, PLATFORM_LIMITS } from '../../media/gif';
import { imageQueueLength, parseDataUri, validateImage, validateImageDataUri, ValidatedImage } from '../../media/image';
import { downloadToStorage } from '../../storage/download';
import { stickerKey, uploadKey, UploadExt } from '../../storage/keys';
import type { StorageConfig } from '../../config/storage';
import { Storage } from '../../storage/storage';
import { createStorage } from '../../storage/storage.factory';
import { stripImageMetadata } from '../../storage/strip-metadata';
import { UrlPolicy } from '../../storage/url-guard';
import { AbuseLimits, AbuseLimitService } from '../limits/abuse-limits.service';
import { lookOf, styleOfTask } from './caption-style';
import { SimulatorService } from './simulator.service';

export interface StickerFiles {
  mp4Key: string;
  gifKey: string;
  thumbKey: string;
  bytes: number;
  width: number;
  height: number;
  frames: number;
  fps: number;
  rung: string;
  convertMs: number;
}

/** The task columns that describe a rendered GIF (first render and every re-caption write the same ones). */
export function gifColumns(files: StickerFiles): Partial<Task> {
  return {
    gifKey: files.gifKey,
    thumbKey: files.thumbKey,
    gifBytes: files.bytes,
    gifWidth: files.width,
    gifHeight: files.height,
    gifFrames: files.frames,
    gifFps: files.fps,
    gifRung: files.rung,
  };
}

export interface MediaConfig {
  /** conversions' work folders (sticker-<task id>-*) */
  workDir: string;
  square: boolean;
  downloadMaxBytes: number;
  downloadTimeoutMs: number;
  downloadHosts: string[];
  downloadTrustedOrigins: string[];
  imageMaxPixels: number;
  gif: GifEngineOptions;
}

/** A conversion's work folder: `sticker-<task id>-<random>` under MediaConfig.workDir. */
const WORK_DIR = /^sticker-(\d+)-/;

/** Download problems worth another try later (the provider's CDN hiccuped); everything else is final. */
const TRANSIENT_REASONS = new Set(['download_timeout', 'download_failed']);

/**
 * The pipeline's one door to media and storage: stores users' photos, copies a provider's MP4 into storage
 * at once (its URL expires), turns it into a WeChat-ready GIF + thumbnail, and hands out file URLs.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class StickerMediaService {
  @Config('media')
  cfg: MediaConfig;

  @Config('storage')
  storageConfig: StorageConfig;

  @Inject()
  simulator: SimulatorService;

  @Inject()
  abuse: AbuseLimitService;

  @Config('limits')
  limits: AbuseLimits;

  /** photos being decoded per user in this process */
  private readonly imageJobs = new Map<number, number>();

  storage: Storage;
  engine: GifEngine;

  @Init()
  init() {
    this.storage = createStorage(this.storageConfig);
    this.engine = new GifEngine(this.cfg.gif);
  }

  url(key: string): Promise<string> {
    return this.storage.getUrl(key);
  }

  /** A stored file's bytes as a stream (e.g. the GIFs of a pack's zip). */
  read(key: string): Promise<Readable> {
    return this.storage.getStream(key);
  }

  /** A stored file's bytes. */
  async readAll(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.storage.getStream(key)) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
    return Buffer.concat(chunks);
  }

  /**
   * The sticker re-encoded from its stored MP4 at the sticker platform's stricter limit (exactly 240×240,
   * ≤ 500 KB), with the same caption. Kept next to the sticker (`<job>-wx240.gif`), so it is made once.
   */
  async platformGif(task: Task): Promise<Buffer> {
    const key = stickerKey(`${task.jobId}-wx240`, 'gif', task.createdAt);
    if (await this.storage.exists(key)) return this.readAll(key);
    if (!task.mp4Key) throw new MediaError('MEDIA_INVALID', '原视频已不存在，无法重新压缩', { reason: 'no_mp4' });
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'platform-'));
    try {
      const mp4Path = path.join(dir, 'in.mp4');
      await pipeline(await this.storage.getStream(task.mp4Key), fs.createWriteStream(mp4Path));
      const result = await this.engine.convert(mp4Path, {
        caption: task.caption ?? undefined,
        look: lookOf(styleOfTask(task)),
        square: true,
        limits: PLATFORM_LIMITS,
      });
      await this.storage.put(key, result.gif, 'image/gif');
      return result.gif;
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  /** Where provider results may be fetched from: public hosts (allow-listed when configured), plus the local simulator. */
  downloadPolicy(): UrlPolicy {
    const sim = this.simulator.url ? [new URL(this.simulator.url).origin] : [];
    return { allowedHosts: this.cfg.downloadHosts, trustedOrigins: [...this.cfg.downloadTrustedOrigins, ...sim] };
  }

  /** The URL an image-to-video provider fetches the user's photo from. */
  sourceImageUrl(key: string): Promise<string> {
    return this.storage.getUrl(key);
  }

  /** A caption as the GIF engine will draw it (normalized), or undefined; MediaError CAPTION_TOO_LONG / CAPTION_UNSUPPORTED. */
  checkCaption(text: string | undefined | null): string | undefined {
    return this.engine.checkCaption(text);
  }

  /** Cheap checks of a seed 001 img_base64 before anything is written (length cap, MIME, base64). */
  checkDataUri(dataUri: string): void {
    parseDataUri(dataUri);
  }

  /** Validates a Data URI image (magic bytes, size, sides; downscales large ones) and stores it. */
  async storeDataUriImage(userId: number, dataUri: string): Promise<string> {
    return this.admitImage(userId, async () => {
      const image = await validateImageDataUri(dataUri, { tmpDir: os.tmpdir(), maxPixels: this.cfg.imageMaxPixels });
      return (await this.storeImage(image)).key;
    });
  }

  /** Deletes a sticker's files (its owner deleted it); missing ones are fine. */
  async deleteFiles(keys: Array<string | null>): Promise<void> {
    for (const key of keys) if (key) await this.storage.delete(key);
  }

  /** Takes files out of public reach but keeps them for review (a sticker hidden for risky content). */
  async hideFiles(keys: Array<string | null>): Promise<void> {
    for (const key of keys) if (key) await this.storage.makePrivate(key);
  }

  /** Removes a stored file (idempotent), e.g. a photo whose task was refused after it was stored. */
  remove(key: string): Promise<void> {
    return this.storage.delete(key);
  }

  /** Validates uploaded bytes (the declared type must match the bytes) and stores them. */
  async storeUpload(userId: number, data: Buffer, declaredType: string | undefined): Promise<{ key: string; image: ValidatedImage }> {
    const declared = declaredType && declaredType.startsWith('image/') ? declaredType : undefined;
    return this.admitImage(userId, async () => this.storeImage(await validateImage(data, { declaredMime: declared, maxPixels: this.cfg.imageMaxPixels })));
  }

  /**
   * Decoding photos is the expensive part of an upload: one user gets IMAGE_JOBS_PER_USER decodes at a time and a
   * per-minute and per-day budget, and nobody gets in when IMAGE_QUEUE_MAX photos already wait — 429 instead.
   */
  private async admitImage<T>(userId: number, job: () => Promise<T>): Promise<T> {
    const busy = (message: string, retryAfter: number) => new AppError('RATE_LIMITED', message, { retryAfter, details: { retryAfter } });
    const running = this.imageJobs.get(userId) ?? 0;
    if (running >= this.limits.imageJobsPerUser) throw busy('上一张图片还在处理，请稍候再试', 2);
    if (imageQueueLength() >= this.limits.imageQueueMax) throw busy('图片处理繁忙，请稍后再试', 5);
    await this.abuse.beforeImage(userId);
    this.imageJobs.set(userId, running + 1);
    try {
      return await job();
    } finally {
      const left = (this.imageJobs.get(userId) ?? 1) - 1;
      if (left > 0) this.imageJobs.set(userId, left);
      else this.imageJobs.delete(userId);
    }
  }

  private async storeImage(image: ValidatedImage): Promise<{ key: string; image: ValidatedImage }> {
    const key = uploadKey(image.ext as UploadExt); // no user id in the key: it ends up in public URLs
    // no EXIF (GPS location, camera), XMP or comments leave with the photo
    await this.storage.put(key, stripImageMetadata(image.buffer, image.mime), image.mime);
    return { key, image };
  }

  /**
   * MP4 (from storage if already copied, else from the provider's URL, copied first) → GIF + thumbnail in
   * storage. Keys are fixed per task, so a second attempt after a crash overwrites rather than duplicates.
   */
  async produce(task: Task, onMp4Stored: (mp4Key: string) => Promise<void>): Promise<StickerFiles> {
    // the caller holds the task's lease: a folder of this task's earlier attempt on this machine was killed
    await this.removeWorkDirs(name => name.startsWith(`sticker-${task.id}-`));
    await fs.promises.mkdir(this.cfg.workDir, { recursive: true });
    const dir = await fs.promises.mkdtemp(path.join(this.cfg.workDir, `sticker-${task.id}-`));
    try {
      const mp4Path = path.join(dir, 'in.mp4');
      const mp4Key = stickerKey(task.jobId, 'mp4', task.createdAt);
      if (task.mp4Key && (await this.storage.exists(task.mp4Key))) {
        await pipeline(await this.storage.getStream(task.mp4Key), fs.createWriteStream(mp4Path));
      } else {
        if (!task.providerVideoUrl) throw Object.assign(new Error('provider gave no video URL'), { code: 'MEDIA_INVALID' });
        await downloadToStorage(task.providerVideoUrl, mp4Key, this.storage, {
          keepAt: mp4Path,
          maxBytes: this.cfg.downloadMaxBytes,
          timeoutMs: this.cfg.downloadTimeoutMs,
          tmpDir: dir,
          policy: this.downloadPolicy(),
        });
        await onMp4Stored(mp4Key);
      }
      return await this.render(task, mp4Path, mp4Key, task.captionVersion, dir);
    } catch (e) {
      const reason = isMediaError(e) ? (e.details?.reason as string | undefined) : undefined;
      const transient = !isMediaError(e) || (reason !== undefined && TRANSIENT_REASONS.has(reason));
      throw Object.assign(e as Error, { transient, mediaError: isMediaError(e) });
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Free re-caption: the stored MP4 → a GIF + thumbnail with the task's (new) caption and style under new
   * keys (…-r<version>), so the old files stay served until the caller switches the task over.
   */
  async rerender(task: Task, version: number): Promise<StickerFiles> {
    if (!task.mp4Key) throw new Error('task has no stored MP4');
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'recaption-'));
    try {
      const mp4Path = path.join(dir, 'in.mp4');
      await pipeline(await this.storage.getStream(task.mp4Key), fs.createWriteStream(mp4Path));
      return await this.render(task, mp4Path, task.mp4Key, version);
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Removes the work folders of conversions that were killed (the process died before its `finally`): those whose
   * task `inUse` does not name. Returns how many.
   */
  async sweepWorkDirs(inUse: (taskIds: number[]) => Promise<Set<number>>): Promise<number> {
    const names = await this.workDirNames();
    const ids = [...new Set(names.map(n => Number(WORK_DIR.exec(n)?.[1])))];
    if (ids.length === 0) return 0;
    const used = await inUse(ids);
    return this.removeWorkDirs(name => !used.has(Number(WORK_DIR.exec(name)?.[1])));
  }

  /** the sticker-<task id>-* folders in the work folder (none while it does not exist yet) */
  private async workDirNames(): Promise<string[]> {
    const names = await fs.promises.readdir(this.cfg.workDir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [] as string[];
      throw e;
    });
    return names.filter(n => WORK_DIR.test(n));
  }

  private async removeWorkDirs(match: (name: string) => boolean): Promise<number> {
    const stale = (await this.workDirNames()).filter(match);
    await Promise.all(stale.map(n => fs.promises.rm(path.join(this.cfg.workDir, n), { recursive: true, force: true })));
    return stale.length;
  }

  private async render(task: Task, mp4Path: string, mp4Key: string, version: number, workDir?: string): Promise<StickerFiles> {
    const result: GifResult = await this.engine.convert(mp4Path, {
      caption: task.caption ?? undefined,
      look: lookOf(styleOfTask(task)),
      square: this.cfg.square,
      tmpDir: workDir,
    });
    const name = version > 0 ? `${task.jobId}-r${version}` : task.jobId;
    const gifKey = stickerKey(name, 'gif', task.createdAt);
    const thumbKey = stickerKey(name, 'jpg', task.createdAt);
    await this.storage.put(gifKey, result.gif, 'image/gif');
    await this.storage.put(thumbKey, result.thumbnail, 'image/jpeg');
    return {
      mp4Key,
      gifKey,
      thumbKey,
      bytes: result.metadata.bytes,
      width: result.metadata.width,
      height: result.metadata.height,
      frames: result.metadata.frames,
      fps: result.metadata.fps,
      rung: result.rung,
      convertMs: result.elapsedMs,
    };
  }
}
