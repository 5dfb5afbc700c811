import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { Task } from '../entity/task.entity';

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

/** The pipeline's one door to media and storage (being wired to backend/src/media and backend/src/storage). */
@Provide()
@Scope(ScopeEnum.Singleton)
export class StickerMediaService {
  async sourceImageUrl(key: string): Promise<string> {
    return this.url(key);
  }

  async url(key: string): Promise<string> {
    return `/files/${key}`;
  }

  checkDataUri(_dataUri: string): void {
    throw new Error('media layer not wired yet');
  }

  async storeDataUriImage(_userId: number, _jobId: string, _dataUri: string): Promise<string> {
    throw new Error('media layer not wired yet');
  }

  async produce(_task: Task, _onMp4Stored: (mp4Key: string) => Promise<void>): Promise<StickerFiles> {
    throw new Error('media layer not wired yet');
  }
}
