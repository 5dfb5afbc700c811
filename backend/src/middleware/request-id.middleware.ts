import { Middleware, IMiddleware } from '@midwayjs/core';
import { Context, NextFunction } from '@midwayjs/koa';
import { randomUUID } from 'crypto';

const INCOMING = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id: echoed in X-Request-Id, in every envelope and in every log line. */
@Middleware()
export class RequestIdMiddleware implements IMiddleware<Context, NextFunction> {
  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      const incoming = ctx.get('x-request-id');
      const id = INCOMING.test(incoming) ? incoming : randomUUID().replace(/-/g, '').slice(0, 20);
      ctx.requestId = id;
      ctx.set('X-Request-Id', id);
      // one access line per API request, with the request id (see koa.contextLoggerFormat); errors are
      // answered by the error filter further out, so they are logged here by their code
      const started = Date.now();
      const api = ctx.path.startsWith('/api/');
      try {
        await next();
        if (api) ctx.logger.info('%d %dms', ctx.status, Date.now() - started);
      } catch (e) {
        if (api) ctx.logger.info('error %s %dms', (e as { errorCode?: string }).errorCode ?? (e as Error).name, Date.now() - started);
        throw e;
      }
    };
  }

  static getName() {
    return 'requestId';
  }
}
