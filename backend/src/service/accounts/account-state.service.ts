import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from '../../entity/user.entity';
import { PlainSelect } from '../../util/plain-select';

/** What the auth middleware needs to know about the account behind a token. */
export interface AccountState {
  id: number;
  phone: string;
  role: 'user' | 'admin';
  tokenVersion: number;
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

  private select?: PlainSelect<User, 'id' | 'phone' | 'role' | 'tokenVersion' | 'disabled'>;

  async get(id: number): Promise<AccountState | null> {
    this.select ??= new PlainSelect(this.db, User, ['id', 'phone', 'role', 'tokenVersion', 'disabled']);
    const [r] = await this.select.rows(`WHERE ${this.select.col('id')} = ?`, [id]);
    if (!r) return null;
    return { id: r.id, phone: r.phone, role: r.role === 'admin' ? 'admin' : 'user', tokenVersion: r.tokenVersion, disabled: r.disabled };
  }
}
