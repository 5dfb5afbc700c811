import { Context } from '@midwayjs/koa';
import { ApiOk } from '@app/shared';

/** The app envelope for a success. Failures go through the one error filter. */
export function ok<T>(ctx: Context, data: T, message = 'ok'): ApiOk<T> {
  return { code: 'OK', message, data, requestId: ctx.requestId };
}
