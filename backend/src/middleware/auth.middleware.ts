import { IMiddleware, Inject, Middleware } from '@midwayjs/core';
import { Context, NextFunction } from '@midwayjs/koa';
import { AppError, unauthorized } from '../error/app.error';
import { AccountStateService } from '../service/accounts/account-state.service';

/** Routes under /api that anyone may call. Everything else under /api needs a Bearer token. */
const PUBLIC_ROUTES: RegExp[] = [
  /^\/api\/v1\/users\/(register|login)\/?$/,
  /^\/api\/v1\/auth\//,
  /^\/api\/v1\/meta\/?$/,
  /^\/api\/v1\/credits\/packages\/?$/,
  /^\/api\/v1\/showcase\/?$/,
  /^\/api\/v1\/templates(\/[^/]+)?\/?$/,
  /^\/api\/v1\/callbacks\//,
  /^\/api\/v1\/wechat\/push\/?$/,
  /^\/api\/v1\/payments\/[a-z_]+\/notify\/?$/,
];

const ADMIN_ROUTES = /^\/api\/v1\/admin\//;

/** Who may call a path (also what the OpenAPI document declares as each route's security). */
export function routeAccess(path: string): 'public' | 'user' | 'admin' {
  if (!path.startsWith('/api/')) return 'public';
  if (ADMIN_ROUTES.test(path)) return 'admin';
  return PUBLIC_ROUTES.some(r => r.test(path)) ? 'public' : 'user';
}

/**
 * Parses `Authorization: Bearer <jwt>`, checks it against the user's current token version and status,
 * and puts the user on ctx. Tokens issued before a password change or a disable stop working.
 */
@Middleware()
export class AuthMiddleware implements IMiddleware<Context, NextFunction> {
  @Inject()
  accounts: AccountStateService;

  resolve() {
    return async (ctx: Context, next: NextFunction) => {
      const isPublic = PUBLIC_ROUTES.some(r => r.test(ctx.path));
      const header = ctx.get('authorization');
      if (!isPublic || header) {
        const { user, disabled } = await this.accounts.bearer(header);
        if (user) {
          ctx.user = { id: user.id, phone: user.phone, role: user.role };
        } else if (!isPublic) {
          if (disabled) throw new AppError('ACCOUNT_DISABLED', '账号已被停用，请联系客服', { status: 401, legacyMessage: 'Invalid or expired JWT' });
          throw unauthorized();
        }
      }
      if (ADMIN_ROUTES.test(ctx.path) && ctx.user?.role !== 'admin') {
        throw new AppError('FORBIDDEN', '需要管理员权限');
      }
      await next();
    };
  }

  match(ctx: Context) {
    return ctx.path.startsWith('/api/');
  }

  static getName() {
    return 'auth';
  }
}
