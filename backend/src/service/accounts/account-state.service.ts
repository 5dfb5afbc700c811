import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from '../../entity/user.entity';
import { PlainSelect } from '../../util/plain-select';
import { TokenClaims, TokenService } from './token.service';

/** What the auth middleware needs to know about the account behind a token. */
export interface AccountState {
  id: number;
  phone: string;
  role: 'user' | 'admin';
  tokenVersion: number;
  disabled: boolean;
}

/** Whether an account row takes a token: it exists, is not disabled, and the token carries its current version. */
export function accepts(claims: TokenClaims, account: Pick<AccountState, 'tokenVersion' | 'disabled'> | null | undefined): boolean {
  return !!account && !account.disabled && account.tokenVersion === claims.tv;
}

/** What an `Authorization` header proves: the account, when its token is valid and current; whether it is disabled. */
export interface BearerCheck {
  user?: AccountState;
  disabled: boolean;
}

/**
 * Reads an account's auth state on every authenticated request: one plain primary-key select of five
 * columns (util/plain-select.ts), no entity hydration and no request-scoped container objects (bench/api
 * showed both cost more than the query). Not cached, so a password change, a disable or a role change applies to the very next
 * request on every instance.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AccountStateService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  tokens: TokenService;

  private select?: PlainSelect<User, 'id' | 'phone' | 'role' | 'tokenVersion' | 'disabled'>;

  /**
   * `Bearer <jwt>`: the account it speaks for, if the token verifies, carries the account's current token version
   * (a password change or a sign-out everywhere bumps it) and the account is not disabled. The one check behind
   * the auth middleware and the fast lane (which reads the account together with what it answers: `accepts`).
   */
  async bearer(header: string): Promise<BearerCheck> {
    const claims = await this.claims(header);
    const user = claims ? await this.get(claims.sub) : null;
    if (!claims || !user) return { disabled: false };
    if (user.disabled) return { disabled: true };
    return accepts(claims, user) ? { user, disabled: false } : { disabled: false };
  }

  /** the claims of `Bearer <jwt>` when the token verifies (signature, expiry): no database read */
  async claims(header: string): Promise<TokenClaims | null> {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? this.tokens.read(m[1] as string) : null;
  }

  async get(id: number): Promise<AccountState | null> {
    this.select ??= new PlainSelect(this.db, User, ['id', 'phone', 'role', 'tokenVersion', 'disabled']);
    const [r] = await this.select.rows(`WHERE ${this.select.col('id')} = ?`, [id]);
    if (!r) return null;
    return { id: r.id, phone: r.phone, role: r.role === 'admin' ? 'admin' : 'user', tokenVersion: r.tokenVersion, disabled: r.disabled };
  }
}
