import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { randomBytes } from 'crypto';
import { Repository } from 'typeorm';
import { UploadImageResult } from '@app/shared';
import { Upload } from '../../entity/upload.entity';
import { ContentGuard } from '../content/content-guard.service';
import { StickerMediaService } from './sticker-media.service';

/** Photos for image stickers: stored after checking their bytes, recorded as an upload, sent to the content check. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UploadService {
  @Inject()
  media: StickerMediaService;

  @InjectEntityModel(Upload)
  uploads: Repository<Upload>;

  @Inject()
  guard: ContentGuard;

  async storeImage(userId: number, data: Buffer, declaredType: string | undefined): Promise<UploadImageResult> {
    const { key, image } = await this.media.storeUpload(userId, data, declaredType);
    const id = `up_${randomBytes(12).toString('hex')}`;
    await this.uploads.insert({ id, userId, storageKey: key, mime: image.mime, width: image.width, height: image.height, bytes: image.bytes });
    await this.guard.submitImage(userId, key); // WeChat mediaCheckAsync when it applies; the verdict is pushed later
    return { id, url: await this.media.url(key), width: image.width, height: image.height, bytes: image.bytes, mime: image.mime };
  }
}
