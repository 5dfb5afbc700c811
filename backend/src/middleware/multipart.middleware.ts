import { Config, IMiddleware, Middleware } from '@midwayjs/core';
import { Context, NextFunction } from '@midwayjs/koa';
import busboy from 'busboy';
import { AppError } from '../error/app.error';
import { UploadedFile } from '../interface';
import { mayHaveBody } from './body.middleware';

export interface MultipartLimits {
  maxFileBytes: number;
  /** a text field, everywhere but largeFieldRoutes */
  maxFieldBytes: number;
  /** a text field on largeFieldRoutes (seed 001's img_base64 Data URI) */
  largeFieldBytes: number;
  largeFieldRoutes: string[];
  maxFields: number;
  maxFiles: number;
  /** the whole body, whatever its parts */
  maxTotalBytes: number;
}

/**
 * multipart/form-data → ctx.request.body (fields, as strings) and ctx.files (in memory, capped).
 * JSON and urlencoded bodies are parsed by Koa's body parser; all three reach controllers the same way.
 * Limits are enforced while streaming, so an oversized body is refused before it is buffered.
 */
@Middleware()
export class MultipartMiddleware implements IMiddleware<Context, NextFunction> {
  @Config('multipart')
  limits: MultipartLimits;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      if (ctx.is('multipart/form-data')) {
        const { fields, files } = await this.parse(ctx);
        ctx.request.body = fields;
        ctx.files = files;
      }
      await next();
    };
  }

  match(ctx: Context) {
    return mayHaveBody(ctx);
  }

  private parse(ctx: Context): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
    const limits = this.limits;
    const large = limits.largeFieldRoutes.some(p => ctx.path === p || ctx.path === p + '/');
    const fieldSize = large ? limits.largeFieldBytes : limits.maxFieldBytes;
    return new Promise((resolve, reject) => {
      const declared = Number(ctx.get('content-length'));
      if (declared > limits.maxTotalBytes) {
        // refused before a byte is read
        reject(new AppError('PAYLOAD_TOO_LARGE', `请求体过大（不超过 ${Math.floor(limits.maxTotalBytes / 1048576)} MB）`));
        return;
      }
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: ctx.req.headers,
          limits: {
            fileSize: limits.maxFileBytes,
            fieldSize,
            fields: limits.maxFields,
            files: limits.maxFiles,
          },
        });
      } catch (e) {
        reject(new AppError('VALIDATION_FAILED', '请求格式错误：multipart 边界缺失', { cause: e }));
        return;
      }
      const fields: Record<string, string> = Object.create(null);
      const files: UploadedFile[] = [];
      let failed = false;
      const fail = (err: AppError) => {
        if (failed) return;
        failed = true;
        ctx.req.unpipe(parser);
        ctx.req.resume(); // drain the rest so the connection can answer
        reject(err);
      };
      const tooLarge = () => fail(new AppError('PAYLOAD_TOO_LARGE', `上传内容过大（单个文件不超过 ${Math.floor(limits.maxFileBytes / 1048576)} MB）`));
      let total = 0;
      ctx.req.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.maxTotalBytes) fail(new AppError('PAYLOAD_TOO_LARGE', '请求体过大'));
      });

      parser.on('field', (name, value, info) => {
        if (info.valueTruncated) return fail(new AppError('PAYLOAD_TOO_LARGE', `表单字段 ${name.slice(0, 32)} 过长`));
        if (info.nameTruncated) return fail(new AppError('VALIDATION_FAILED', '表单字段名过长'));
        if (name === '__proto__' || name === 'constructor') return;
        fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          chunks.push(chunk);
        });
        stream.on('limit', tooLarge);
        stream.on('close', () => {
          if (failed || (stream as unknown as { truncated?: boolean }).truncated) return;
          files.push({ fieldName: name, filename: info.filename ?? '', declaredType: info.mimeType ?? '', data: Buffer.concat(chunks, size) });
        });
      });
      parser.on('fieldsLimit', () => fail(new AppError('VALIDATION_FAILED', '表单字段过多')));
      parser.on('filesLimit', () => fail(new AppError('VALIDATION_FAILED', '一次只能上传一个文件')));
      parser.on('error', (e: unknown) => fail(new AppError('VALIDATION_FAILED', '请求格式错误：无法解析表单', { cause: e })));
      parser.on('close', () => {
        if (!failed) resolve({ fields, files });
      });
      ctx.req.pipe(parser);
    });
  }

  static getName() {
    return 'multipart';
  }
}
