/** POST /api/v1/upload/image: one multipart field `file`. Its bytes are checked by the media layer, not its declared type. */
import { ApiProperty } from '@midwayjs/swagger';
import { AppError } from '../../error/app.error';
import { UploadedFile } from '../../interface';

/** The route's files (`@Files([imageFileOf])`) → the part named `file`. */
export const imageFileOf = (files: unknown): UploadedFile => {
  const file = Array.isArray(files) ? (files as UploadedFile[]).find(f => f?.fieldName === 'file') : undefined;
  if (!file) throw new AppError('IMAGE_INVALID', '请选择一张图片（表单字段 file）');
  return file;
};

/** The form, for the OpenAPI document. */
export class UploadImageForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'JPEG、PNG、WebP 或 BMP 图片' })
  file: unknown;
}
