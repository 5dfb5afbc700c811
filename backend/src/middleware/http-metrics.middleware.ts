import { IMiddleware, Middleware } from '@midwayjs/core';
import { Context, NextFunction } from '@midwayjs/koa';
import { observeHttp } from '../metrics/metrics';

/**
 * HTTP latency by route for /metrics: one clock read before, one histogram observation after. The route label is
 * the pattern the router matched (`/api/v1/video/query/:job_id`), never the raw URL, so ids do not make new
 * series; requests no route matched count as `static` (files, the H5 app, the admin console) or `unmatched` (/api).
 */
@Middleware()
export class HttpMetricsMiddleware implements IMiddleware<Context, NextFunction> {
  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      const started = process.hrtime.bigint();
      let status = 0;
      try {
        await next();
        status = ctx.status;
      } catch (e) {
        // answered further out by the error filter with this status
        const err = e as { status?: number; statusCode?: number };
        status = err.status ?? err.statusCode ?? 500;
        throw e;
      } finally {
        const matched = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
        const route = matched ?? (ctx.path.startsWith('/api/') ? 'unmatched' : 'static');
        observeHttp(ctx.method, route, status, Number(process.hrtime.bigint() - started) / 1e9);
      }
    };
  }

  static getName() {
    return 'httpMetrics';
  }
}
