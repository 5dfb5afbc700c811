import { Controller, Inject, Post } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { randomBytes } from 'crypto';
import { Repository } from 'typeorm';
import { UploadImageResult } from '@app/shared';
import { Upload } from '../../entity/upload.entity';
import { AppError } from '../../error/app.error';
import { ContentGuard } from '../../service/content/content-guard.service';
import { StickerMediaService } from '../../service/pipeline/sticker-media.service';
import { ok } from '../../util/envelope';

/** Photos for image stickers: multipart field `file`, checked by its bytes (not its declared type). */
@Controller('/api/v1/upload')
export class UploadController {
  @Inject()
  ctx: Context;

  @Inject()
  media: StickerMediaService;

  @InjectEntityModel(Upload)
  uploads: Repository<Upload>;

  @Inject()
  guard: ContentGuard;

  @Post('/image')
  async image() {
    const file = this.ctx.files?.find(f => f.fieldName === 'file');
    if (!file) throw new AppError('IMAGE_INVALID', '请选择一张图片（表单字段 file）');
    const { key, image } = await this.media.storeUpload(this.ctx.user!.id, file.data, file.declaredType);
    const id = `up_${randomBytes(12).toString('hex')}`;
    await this.uploads.insert({ id, userId: this.ctx.user!.id, storageKey: key, mime: image.mime, width: image.width, height: image.height, bytes: image.bytes });
    await this.guard.submitImage(this.ctx.user!.id, key); // WeChat mediaCheckAsync when it applies; the verdict is pushed later
    const result: UploadImageResult = { id, url: await this.media.url(key), width: image.width, height: image.height, bytes: image.bytes, mime: image.mime };
    return ok(this.ctx, result, '上传成功');
  }
}
