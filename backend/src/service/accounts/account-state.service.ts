import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { Repository } from 'typeorm';
import { User } from '../../entity/user.entity';

/** What the auth middleware needs to know about the account behind a token. */
export interface AccountState {
  id: number;
  phone: string;
  role: 'user' | 'admin';
  tokenVersion: number;
  disabled: boolean;
}

/**
 * Reads an account's auth state on every authenticated request: one raw primary-key select of five
 * columns, no entity hydration and no request-scoped container objects (bench/api showed both cost more
 * than the query). Not cached, so a password change, a disable or a role change applies to the very next
 * request on every instance.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AccountStateService {
  @InjectEntityModel(User)
  users: Repository<User>;

  private sql?: string;

  async get(id: number): Promise<AccountState | null> {
    if (!this.sql) {
      const q = (c: string) => this.users.manager.connection.driver.escape(c);
      const table = q(this.users.metadata.tableName);
      this.sql = `SELECT ${['id', 'phone', 'role', 'tokenVersion', 'disabled'].map(q).join(', ')} FROM ${table} WHERE ${q('id')} = ?`;
    }
    const rows = (await this.users.query(this.sql, [id])) as Array<Record<string, unknown>>;
    const r = rows[0];
    if (!r) return null;
    return {
      id: Number(r.id),
      phone: String(r.phone),
      role: r.role === 'admin' ? 'admin' : 'user',
      tokenVersion: Number(r.tokenVersion),
      // SQLite answers 0/1, MySQL a TINYINT
      disabled: Number(r.disabled) === 1 || r.disabled === true,
    };
  }
}
