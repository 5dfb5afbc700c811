import { Catch, httpError, MidwayHttpError } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { ApiFail, ErrorCode } from '@app/shared';
import { AppError } from '../error/app.error';
import { isMediaError } from '../media/errors';

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
  legacyMessage?: string;
  details?: Record<string, unknown>;
  retryAfter?: number;
}

/** seed 001 §2.1: `{code:1, message}` with the contract's English texts */
const LEGACY_USER_PATHS = /^\/api\/v1\/users\/(register|login|change-password)\/?$/;
/** seed 001 §2.2: `{error}` */
const LEGACY_VIDEO_CREATE = /^\/api\/v1\/video\/create(_with_prompt)?\/?$/;

/**
 * The one error filter: maps every error to its HTTP status and the envelope of the audience that asked
 * (seed 001's legacy shapes for its endpoints, the app envelope for everything else).
 */
@Catch()
export class ErrorFilter {
  async catch(err: Error, ctx: Context) {
    const m = this.map(err, ctx);
    ctx.status = m.status;
    if (m.retryAfter) ctx.set('Retry-After', String(m.retryAfter));

    if (LEGACY_USER_PATHS.test(ctx.path)) {
      return { code: 1, message: m.legacyMessage ?? m.message };
    }
    if (LEGACY_VIDEO_CREATE.test(ctx.path)) {
      return { error: m.message, code: m.code };
    }
    const body: ApiFail = { code: m.code, message: m.message, requestId: ctx.requestId };
    if (m.details) body.details = m.details;
    return body;
  }

  private map(err: Error, ctx: Context): Mapped {
    if (err instanceof AppError) {
      return {
        status: err.status,
        code: err.errorCode,
        message: err.message,
        legacyMessage: err.legacyMessage,
        details: err.details,
        retryAfter: err.retryAfter,
      };
    }
    // media layer errors carry a stable code and status of their own
    if (isMediaError(err)) return { status: err.status, code: err.code, message: err.message };
    if (err instanceof httpError.NotFoundError) {
      return { status: 404, code: 'NOT_FOUND', message: '接口不存在' };
    }
    // koa-bodyparser / raw-body errors
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (status === 413) return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' };
    if (status === 400 || status === 415) {
      return { status: 400, code: 'VALIDATION_FAILED', message: '请求体格式错误' };
    }
    if (err instanceof MidwayHttpError && err.status < 500) {
      return { status: err.status, code: 'VALIDATION_FAILED', message: err.message };
    }
    ctx.logger.error('unhandled error: %s', err.stack ?? err);
    return { status: 500, code: 'INTERNAL_ERROR', message: '服务器开小差了，请稍后再试' };
  }
}
