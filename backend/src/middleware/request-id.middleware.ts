import { Inject, Middleware, IMiddleware } from '@midwayjs/core';
import { Context, NextFunction } from '@midwayjs/koa';
import { randomUUID } from 'crypto';
import { AccessLog } from '../util/access-log';

const INCOMING = /^[A-Za-z0-9._-]{8,64}$/;

/** The request's id: the caller's X-Request-Id when it looks like one, else a new one; on ctx and in the answer's header. */
export function assignRequestId(ctx: Context): string {
  const incoming = ctx.get('x-request-id');
  const id = INCOMING.test(incoming) ? incoming : randomUUID().replace(/-/g, '').slice(0, 20);
  ctx.requestId = id;
  ctx.set('X-Request-Id', id);
  return id;
}

/** Gives every request an id: echoed in X-Request-Id, in every envelope and in every log line. */
@Middleware()
export class RequestIdMiddleware implements IMiddleware<Context, NextFunction> {
  @Inject()
  access: AccessLog;

  resolve() {
    const access = this.access;
    return async (ctx: Context, next: NextFunction) => {
      const id = assignRequestId(ctx);
      // one access line per API request, with the request id and the redacted URL (util/access-log.ts); errors
      // are answered by the error filter further out, so they are logged here by their code
      const started = Date.now();
      const logged = ctx.path.startsWith('/api/') && access.enabled;
      try {
        await next();
        if (logged) access.write(id, ctx.method, ctx.url, ctx.status, Date.now() - started);
      } catch (e) {
        if (logged) access.write(id, ctx.method, ctx.url, `error ${(e as { errorCode?: string }).errorCode ?? (e as Error).name}`, Date.now() - started);
        throw e;
      }
    };
  }

  static getName() {
    return 'requestId';
  }
}
