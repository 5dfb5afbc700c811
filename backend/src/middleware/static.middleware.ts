import { Config, IMiddleware, Middleware } from '@midwayjs/core';
import { Context, NextFunction } from '@midwayjs/koa';
import * as fs from 'fs';
import * as path from 'path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A path under root, or null when the request tries to leave it. */
export function safeJoin(root: string, rel: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return full === root || full.startsWith(root + path.sep) ? full : null;
}

interface Mount {
  prefix: string;
  dir: string;
  /** single-page app: unknown paths fall back to index.html */
  spa: boolean;
  /** Cache-Control max-age in seconds for files other than index.html */
  maxAge: number;
  /** extra response headers (the admin console's Content-Security-Policy and Referrer-Policy) */
  headers?: Record<string, string>;
}

/**
 * Serves the built H5 mini-program at `/`, the admin console at `/admin` and local-disk storage at `/files`.
 * GET/HEAD only; API routes are never shadowed.
 */
@Middleware()
export class StaticMiddleware implements IMiddleware<Context, NextFunction> {
  @Config('static')
  config: { mounts: Mount[] };

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/') || ctx.path === '/healthz' || ctx.path === '/metrics') {
        return next();
      }
      const mount = this.config.mounts
        .filter(m => ctx.path === m.prefix || ctx.path.startsWith(m.prefix === '/' ? '/' : m.prefix + '/'))
        .sort((a, b) => b.prefix.length - a.prefix.length)[0];
      if (!mount) return next();
      const root = path.resolve(mount.dir);
      const rel = ctx.path.slice(mount.prefix === '/' ? 0 : mount.prefix.length) || '/';
      let file = safeJoin(root, rel);
      if (!file) {
        ctx.status = 400;
        ctx.body = 'bad path';
        return;
      }
      let stat = await fs.promises.stat(file).catch(() => null);
      if (stat?.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = await fs.promises.stat(file).catch(() => null);
      }
      if ((!stat || !stat.isFile()) && mount.spa && !path.extname(rel)) {
        file = path.join(root, 'index.html');
        stat = await fs.promises.stat(file).catch(() => null);
      }
      if (!stat || !stat.isFile()) return next();
      const isIndex = path.basename(file) === 'index.html';
      ctx.set('Cache-Control', isIndex ? 'no-cache' : `public, max-age=${mount.maxAge}${mount.maxAge > 86400 ? ', immutable' : ''}`);
      ctx.set('X-Content-Type-Options', 'nosniff');
      if (mount.headers) ctx.set(mount.headers);
      ctx.type = contentTypeOf(file);
      ctx.length = stat.size;
      ctx.lastModified = stat.mtime;
      ctx.body = ctx.method === 'HEAD' ? null : fs.createReadStream(file);
    };
  }

  static getName() {
    return 'static';
  }
}
