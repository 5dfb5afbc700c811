import { Config, IMiddleware, Middleware } from '@midwayjs/core';
import { Context, NextFunction } from '@midwayjs/koa';
// koa-bodyparser ships no types; the one function used here is typed below
// eslint-disable-next-line @typescript-eslint/no-require-imports
const koaBodyParser: (opts: Record<string, unknown>) => (ctx: Context, next: NextFunction) => Promise<void> = require('koa-bodyparser');

export interface BodyRouteLimit {
  /** a path (exact, trailing slash allowed) */
  path: string;
  /** limit for JSON and urlencoded bodies on that path, e.g. '16mb' */
  limit: string;
}

export interface BodyLimits {
  /** JSON and urlencoded bodies everywhere else */
  limit: string;
  routes: BodyRouteLimit[];
}

const same = (a: string, b: string) => a === b || a === b + '/';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request's body is worth parsing at all (the polling and list GETs skip both body parsers). */
export function mayHaveBody(ctx: Context): boolean {
  return !BODYLESS.has(ctx.method);
}

/** The route limit for a path, if it has one of its own. */
export function routeLimit(cfg: BodyLimits, path: string): BodyRouteLimit | undefined {
  return cfg.routes.find(r => same(path, r.path));
}

/**
 * JSON and urlencoded bodies (multipart is the multipart middleware's). Small by default (64 KB), larger only
 * where a route needs it (seed 001's create, whose img_base64 may be ~14 MB). Runs after auth, so a client
 * without a valid token never gets a big body read. Replaces Midway's built-in body parser (one global limit).
 * A body over its limit answers 413 PAYLOAD_TOO_LARGE; malformed JSON answers 400 (the error filter).
 */
@Middleware()
export class BodyMiddleware implements IMiddleware<Context, NextFunction> {
  @Config('requestLimits')
  cfg: BodyLimits;

  resolve() {
    const parser = (limit: string) =>
      koaBodyParser({
        enableTypes: ['json', 'form'],
        jsonLimit: limit,
        formLimit: limit,
        strict: true,
        queryString: { arrayLimit: 20, depth: 3, parameterLimit: 200 },
      });
    const fallback = parser(this.cfg.limit);
    const perRoute = new Map(this.cfg.routes.map(r => [r.path, parser(r.limit)]));
    return async (ctx: Context, next: NextFunction) => {
      const route = routeLimit(this.cfg, ctx.path);
      return (route ? perRoute.get(route.path)! : fallback)(ctx, next);
    };
  }

  match(ctx: Context) {
    return mayHaveBody(ctx);
  }

  static getName() {
    return 'body';
  }
}
