import { Controller, Inject, Post } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { AppError } from '../../error/app.error';
import { UploadService } from '../../service/pipeline/upload.service';
import { ok } from '../../util/envelope';

/** Photos for image stickers: multipart field `file`, checked by its bytes (not its declared type). */
@Controller('/api/v1/upload')
export class UploadController {
  @Inject()
  ctx: Context;

  @Inject()
  uploads: UploadService;

  @ApiResponse(answers(200, 'UploadImageOk'))
  @Post('/image')
  async image() {
    const file = this.ctx.files?.find(f => f.fieldName === 'file');
    if (!file) throw new AppError('IMAGE_INVALID', '请选择一张图片（表单字段 file）');
    const result = await this.uploads.storeImage(this.ctx.user!.id, file.data, file.declaredType);
    return ok(this.ctx, result, '上传成功');
  }
}
