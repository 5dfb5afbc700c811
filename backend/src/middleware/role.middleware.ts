import { Config, IMiddleware, Middleware } from '@midwayjs/core';
import { Context, NextFunction } from '@midwayjs/koa';
import type { Role } from '../config/instance';
import { notFound } from '../error/app.error';

/** What a ROLE=worker instance still answers over HTTP: the load balancer's and the scraper's questions. */
const WORKER_PATHS = new Set(['/healthz', '/metrics']);

/** ROLE=worker: the instance runs the pipeline, not the API — every other path is 404 (the error filter's envelope). */
@Middleware()
export class RoleMiddleware implements IMiddleware<Context, NextFunction> {
  @Config('instance.role')
  role: Role;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      if (this.role === 'worker' && !WORKER_PATHS.has(ctx.path)) throw notFound('这是后台任务实例，不提供接口');
      await next();
    };
  }

  static getName() {
    return 'role';
  }
}
