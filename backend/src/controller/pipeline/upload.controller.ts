import { ApiResponse } from '@midwayjs/swagger';
import { answers } from '../../openapi/responses';
import { Controller, Files, Inject, Post } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { ApiBody, BodyContentType } from '@midwayjs/swagger';
import { imageFileOf, UploadImageForm } from '../../dto/pipeline/upload.dto';
import { UploadedFile } from '../../interface';
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
  @ApiBody({ type: UploadImageForm, contentType: BodyContentType.Multipart })
  @Post('/image')
  async image(@Files([imageFileOf]) file: UploadedFile) {
    const result = await this.uploads.storeImage(this.ctx.user!.id, file.data, file.declaredType);
    return ok(this.ctx, result, '上传成功');
  }
}
