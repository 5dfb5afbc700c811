import { Catch, httpError, Inject, MidwayHttpError, MidwayWebRouterService } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { MidwayValidationError } from '@midwayjs/validate';
import { ApiFail, ErrorCode } from '@app/shared';
import { ApiFamily, familyOf } from '../decorator/api-family.decorator';
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

/**
 * The one error filter: maps every error to its HTTP status and the envelope of the route's family
 * (`@Family` on the controller or method: seed 001's shapes for its routes, the app envelope for the rest).
 * The family comes from the route the request matches, so errors thrown in middleware (auth, bodies) before
 * the controller runs answer in the same shape.
 */
@Catch()
export class ErrorFilter {
  @Inject()
  router: MidwayWebRouterService;

  /** every route's method, pattern and family, compiled once (the router would compile all patterns per call) */
  private families?: { method: string; pattern: RegExp; family: ApiFamily }[];

  async catch(err: Error, ctx: Context) {
    const m = this.map(err, ctx);
    ctx.status = m.status;
    if (m.retryAfter) ctx.set('Retry-After', String(m.retryAfter));

    const family = await this.familyOf(ctx);
    if (family === 'seed001-users') return { code: 1, message: m.legacyMessage ?? m.message };
    if (family === 'seed001-video') return { error: m.message, code: m.code };
    const body: ApiFail = { code: m.code, message: m.message, requestId: ctx.requestId };
    if (m.details) body.details = m.details;
    return body;
  }

  /** The family of the route the request matches (also when the error came before the route ran); `app` if none. */
  private async familyOf(ctx: Context): Promise<ApiFamily> {
    this.families ??= (await this.router.getFlattenRouterTable({ compileUrlPattern: true }))
      .filter(r => r.fullUrlCompiledRegexp)
      .map(r => ({ method: String(r.requestMethod).toUpperCase(), pattern: r.fullUrlCompiledRegexp!, family: familyOf(r) }));
    const method = String(ctx.method ?? '').toUpperCase();
    const path = String(ctx.path ?? '');
    return this.families.find(f => (f.method === 'ALL' || f.method === method) && f.pattern.test(path))?.family ?? 'app';
  }

  private map(err: Error, ctx: Context): Mapped {
    // a declared DTO refused the input: a rule built with `says`/`mustRead` (dto/rules.ts) carries our own error (or
    // the media layer's, e.g. a broken Data URI), any other rule answers VALIDATION_FAILED naming the field
    if (err instanceof MidwayValidationError) {
      const cause = err.cause;
      if (cause instanceof AppError || isMediaError(cause)) return this.map(cause as Error, ctx);
      const detail = (cause as { details?: { path?: unknown[]; context?: { error?: unknown } }[] } | undefined)?.details?.[0];
      const thrown = detail?.context?.error; // thrown in a custom rule
      if (thrown instanceof AppError || isMediaError(thrown)) return this.map(thrown as Error, ctx);
      const field = detail?.path?.join('.') || undefined;
      return { status: 400, code: 'VALIDATION_FAILED', message: field ? `参数 ${field} 格式错误` : '请求参数格式错误', details: field ? { field } : undefined };
    }
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
