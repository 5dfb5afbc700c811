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
      await next();
    };
  }

  static getName() {
    return 'requestId';
  }
}
