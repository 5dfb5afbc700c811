import { Context } from '@midwayjs/koa';
import { createHash } from 'crypto';
import { ApiOk } from '@app/shared';
import { ok } from './envelope';

/** A weak ETag for a JSON value: the same data gives the same tag (If-None-Match → 304). */
export function weakEtag(value: unknown): string {
  return `W/"${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}"`;
}

/**
 * A public answer that caches may keep `maxAge` seconds, with a weak ETag of its data: a client that sends the tag
 * back in If-None-Match gets 304 and no body (undefined here).
 */
export function cacheableOk<T>(ctx: Context, data: T, maxAge: number): ApiOk<T> | undefined {
  ctx.status = 200;
  ctx.etag = weakEtag(data);
  ctx.set('Cache-Control', `public, max-age=${maxAge}`);
  if (ctx.fresh) {
    ctx.status = 304;
    return undefined;
  }
  return ok(ctx, data);
}
