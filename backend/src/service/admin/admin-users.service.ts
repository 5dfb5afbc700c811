import { Inject, Provide } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AdminLotView, AdminUserDetail, AdminUserRow, LedgerResult, Paged } from '@app/shared';
import { CreditLot } from '../../entity/credit-lot.entity';
import { Task } from '../../entity/task.entity';
import { User } from '../../entity/user.entity';
import { notFound, validation } from '../../error/app.error';
import { AdminAuditService } from './admin-audit.service';
import { CreditService } from '../credits/credit.service';
import { UnitOfWork } from '../../unit-of-work';

export interface UserQuery {
  page: number;
  pageSize: number;
  /** digits of the phone number (any part) */
  phone?: string;
  role?: 'user' | 'admin';
  disabled?: boolean;
}

export interface AdminCreditInput {
  amount: number;
  reason: string;
  idempotencyKey?: string;
}

/** Operators' view of accounts: search, detail, credits in/out with a reason, disable/enable. Every change is audited. */
@Provide()
export class AdminUsersService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  credits: CreditService;

  @Inject()
  uow: UnitOfWork;

  @Inject()
  audit: AdminAuditService;

  async search(q: UserQuery): Promise<Paged<AdminUserRow>> {
    const qb = this.db.getRepository(User).createQueryBuilder('u');
    if (q.phone) qb.andWhere('u.phone LIKE :phone', { phone: `%${q.phone}%` });
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    if (q.disabled !== undefined) qb.andWhere('u.disabled = :disabled', { disabled: q.disabled });
    const [rows, total] = await qb
      .orderBy('u.id', 'DESC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const counts = await this.stickerCounts(rows.map(u => u.id));
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map(u => toRow(u, counts.get(u.id) ?? 0)) };
  }

  async detail(userId: number): Promise<AdminUserDetail> {
    const user = await this.mustFind(userId);
    const summary = await this.credits.summary(userId);
    // the summary may have expired lots: read the account after it
    const fresh = (await this.db.getRepository(User).findOneBy({ id: userId })) ?? user;
    const lots = await this.db
      .getRepository(CreditLot)
      .createQueryBuilder('l')
      .where('l.userId = :userId', { userId })
      .andWhere('(l.remaining > 0 OR l.held > 0)')
      .orderBy('l.id', 'ASC')
      .getMany();
    lots.sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity) || a.id - b.id);
    const counts = await this.stickerCounts([userId]);
    return {
      ...toRow(fresh, counts.get(userId) ?? 0),
      hasPassword: !!fresh.passwordHash,
      wechatLinked: !!fresh.openid,
      summary,
      lots: lots.map(toLotView),
    };
  }

  /** A grant (ledger entry with the admin as actor) and its audit record, in one transaction. */
  grant(adminId: number, userId: number, input: AdminCreditInput): Promise<LedgerResult> {
    return this.move('credits.grant', adminId, userId, input, em =>
      this.credits.grant(userId, input.amount, adminId, input.reason, { em, idempotencyKey: input.idempotencyKey }),
    );
  }

  /** A deduction (never below zero available: 402) and its audit record, in one transaction. */
  deduct(adminId: number, userId: number, input: AdminCreditInput): Promise<LedgerResult> {
    return this.move('credits.deduct', adminId, userId, input, em =>
      this.credits.deduct(userId, input.amount, adminId, input.reason, { em, idempotencyKey: input.idempotencyKey }),
    );
  }

  private async move(
    action: 'credits.grant' | 'credits.deduct',
    adminId: number,
    userId: number,
    input: AdminCreditInput,
    op: (em: EntityManager) => Promise<LedgerResult>,
  ): Promise<LedgerResult> {
    await this.mustFind(userId);
    return this.credits.transaction(async em => {
      const r = await op(em);
      // an idempotent repeat (same key) changed nothing: nothing new to audit
      if (r.applied) {
        await this.audit.record(
          {
            actorId: adminId,
            action,
            targetType: 'user',
            targetId: userId,
            reason: input.reason,
            details: { amount: input.amount, entryId: r.entryId, available: r.available, balance: r.balance },
          },
          em,
        );
      }
      return r;
    });
  }

  /** Disables the account and ends its sessions (tokenVersion + 1). Idempotent: a disabled account stays as it is. */
  async disable(adminId: number, userId: number, reason: string): Promise<AdminUserRow> {
    if (adminId === userId) throw validation('不能停用自己的账号');
    await this.mustFind(userId);
    await this.uow.run(async em => {
      const res = await em
        .createQueryBuilder()
        .update(User)
        .set({ disabled: true, tokenVersion: () => 'tokenVersion + 1' })
        .where('id = :id AND disabled = :no', { id: userId, no: false })
        .execute();
      if (res.affected === 1) await this.audit.record({ actorId: adminId, action: 'user.disable', targetType: 'user', targetId: userId, reason }, em);
    });
    return this.row(userId);
  }

  /** Lets the account sign in again (tokens from before the disable stay invalid). */
  async enable(adminId: number, userId: number, reason: string): Promise<AdminUserRow> {
    await this.mustFind(userId);
    await this.uow.run(async em => {
      const res = await em
        .createQueryBuilder()
        .update(User)
        .set({ disabled: false })
        .where('id = :id AND disabled = :yes', { id: userId, yes: true })
        .execute();
      if (res.affected === 1) await this.audit.record({ actorId: adminId, action: 'user.enable', targetType: 'user', targetId: userId, reason }, em);
    });
    return this.row(userId);
  }

  async mustFind(userId: number): Promise<User> {
    const user = Number.isSafeInteger(userId) && userId > 0 ? await this.db.getRepository(User).findOneBy({ id: userId }) : null;
    if (!user) throw notFound('用户不存在');
    return user;
  }

  private async row(userId: number): Promise<AdminUserRow> {
    const user = await this.mustFind(userId);
    const counts = await this.stickerCounts([userId]);
    return toRow(user, counts.get(userId) ?? 0);
  }

  private async stickerCounts(userIds: number[]): Promise<Map<number, number>> {
    if (!userIds.length) return new Map();
    const rows: Array<{ userId: number | string; n: number | string }> = await this.db
      .getRepository(Task)
      .createQueryBuilder('t')
      .withDeleted()
      .select('t.userId', 'userId')
      .addSelect('COUNT(*)', 'n')
      .where({ userId: In(userIds) })
      .groupBy('t.userId')
      .getRawMany();
    return new Map(rows.map(r => [Number(r.userId), Number(r.n)]));
  }
}

export function toRow(u: User, stickers: number): AdminUserRow {
  return {
    id: u.id,
    phone: u.phone,
    role: u.role,
    disabled: !!u.disabled,
    credits: u.credits,
    frozenCredits: u.frozenCredits,
    stickers,
    createdAt: u.createdAt.toISOString(),
  };
}

function toLotView(l: CreditLot): AdminLotView {
  return {
    id: l.id,
    source: l.source,
    amount: l.amount,
    remaining: l.remaining,
    held: l.held,
    createdAt: l.createdAt.toISOString(),
    expiresAt: l.expiresAt ? l.expiresAt.toISOString() : null,
  };
}
