import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import type { CreditSummary, HoldResult, LedgerAuditReport, LedgerEntryType, LedgerEntryView, LedgerResult, Paged } from '@app/shared';
import { CreditEntry } from '../../entity/credit-entry.entity';
import { CreditHold } from '../../entity/credit-hold.entity';
import { CreditLot, LotSource } from '../../entity/credit-lot.entity';
import { User } from '../../entity/user.entity';
import { AppError, notFound, validation } from '../../error/app.error';
import { isUniqueViolation } from '../../util/db-errors';
import { PlainSelect } from '../../util/plain-select';
import { CreditAccount, insertRow, insufficient, isMysql } from './credit-account';
import { inTransaction, sqliteSerialized, unitOfWork } from '../../unit-of-work';
import { LedgerAuditService } from './ledger-audit.service';

export interface CreditsConfig {
  /** days until credits expire, by source; 0 = never */
  expiryDays: { purchase: number; bonus: number; grant: number };
  expiryJobIntervalSeconds: number;
}

export interface LedgerOptions {
  /** join the caller's transaction (through a savepoint) instead of opening one */
  em?: EntityManager;
  /** the operation's time (entries' createdAt, new lots' expiry, what counts as expired). Tests and back-fills. */
  now?: Date;
}

export interface AdminOptions extends LedgerOptions {
  /** makes a grant/deduct idempotent (e.g. the admin form's request id); random when absent */
  idempotencyKey?: string;
}

/** The last argument of every operation: options, or just the caller's EntityManager to join. */
export type LedgerArg = LedgerOptions | EntityManager;

function options<T extends LedgerOptions>(arg: T | EntityManager | undefined): T {
  return (arg instanceof EntityManager ? { em: arg } : (arg ?? {})) as T;
}

const DAY_MS = 24 * 3600 * 1000;
const MAX_AMOUNT = 100_000_000;

function checkAmount(n: unknown, what = '积分数量'): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0 || n > MAX_AMOUNT) {
    throw validation(`${what}必须是 1 到 ${MAX_AMOUNT} 之间的整数`);
  }
  return n;
}

function checkRef(ref: unknown, what: string): string {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 100) throw validation(`${what}无效`);
  return ref;
}

const reused = (what: string) => new AppError('VALIDATION_FAILED', `${what}已用于另一笔不同的积分操作`, { status: 409 });

/**
 * The credit ledger. Every balance change is an append-only CreditEntry, written in the same
 * transaction as the cached balance on User (credits = available, frozenCredits = frozen) and the lots.
 * Every operation is idempotent by its reference, enforced by unique keys (entry idemKey, hold taskRef)
 * and guarded hold transitions. Concurrency per database: see unit-of-work.ts.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CreditService {
  @InjectDataSource()
  db: DataSource;

  @Config('app.signupBonus')
  signupBonusAmount: number;

  @Config('credits')
  cfg: CreditsConfig;

  @Inject()
  auditor: LedgerAuditService;

  private entrySelect?: PlainSelect<CreditEntry, (typeof ENTRY_COLUMNS)[number]>;

  /** Run `fn` in a unit of work that calls the ledger (pass `em` to the ledger's operations to join it). */
  transaction<T>(fn: (em: EntityManager) => Promise<T>, em?: EntityManager): Promise<T> {
    return unitOfWork(this.db, fn, em);
  }

  // ---------------------------------------------------------------- credits in

  /** Inside UserService's account-creation transaction: the signup bonus as a bonus entry + lot. */
  async signupBonus(em: EntityManager, userId: number): Promise<void> {
    if (this.signupBonusAmount > 0) await this.bonus(userId, this.signupBonusAmount, `signup:${userId}`, '新用户注册赠送', { em });
  }

  /** A bonus (signup, promotion), idempotent by `ref`. Expires after credits.expiryDays.bonus. */
  async bonus(userId: number, amount: number, ref: string, description: string, arg?: LedgerArg): Promise<LedgerResult> {
    const opts = options(arg);
    return this.credit(userId, 'bonus', 'bonus', checkAmount(amount), checkRef(ref, '赠送编号'), description, 'promo', opts);
  }

  /** Credits bought with order `orderId`, idempotent by the order. Expire after credits.expiryDays.purchase. */
  async purchase(userId: number, credits: number, orderId: string, arg?: (LedgerOptions & { description?: string }) | EntityManager): Promise<LedgerResult> {
    const opts = options<LedgerOptions & { description?: string }>(arg);
    const ref = checkRef(orderId, '订单号');
    return this.credit(userId, 'purchase', 'purchase', checkAmount(credits), ref, opts.description ?? `购买 ${credits} 积分`, 'order', opts);
  }

  /** An admin grant with a reason. Never expires unless credits.expiryDays.grant is set. */
  async grant(userId: number, amount: number, adminUserId: number, reason: string, arg?: AdminOptions | EntityManager): Promise<LedgerResult> {
    const opts = options<AdminOptions>(arg);
    if (!reason?.trim()) throw validation('请填写发放原因');
    const key = opts.idempotencyKey ?? randomUUID();
    return this.credit(userId, 'grant', 'grant', checkAmount(amount), key, reason.trim(), 'admin', opts, adminUserId);
  }

  private credit(
    userId: number,
    type: 'bonus' | 'purchase' | 'grant',
    source: LotSource,
    amount: number,
    ref: string,
    description: string,
    referenceType: string,
    opts: LedgerOptions,
    actorId: number | null = null,
  ): Promise<LedgerResult> {
    const idemKey = `${type}:${ref}`;
    return this.once(idemKey, userId, opts, async (em, acct) => {
      const days = this.cfg.expiryDays[source];
      const expiresAt = days > 0 ? new Date(acct.now.getTime() + days * DAY_MS) : null;
      const lot = em.create(CreditLot, { userId, source, sourceRef: ref, amount, remaining: 0, held: 0, createdAt: acct.now, expiresAt });
      await insertRow(em, CreditLot, lot);
      const e = await acct.post({
        type,
        amount,
        availableDelta: amount,
        idemKey,
        description,
        actorId,
        referenceType,
        referenceId: referenceType === 'admin' ? String(actorId) : ref,
        lotId: lot.id,
        expiresAt,
        changes: [{ lot, available: amount, held: 0 }],
      });
      return this.resultOf(e, true);
    });
  }

  // ---------------------------------------------------------------- credits out

  /** An admin deduction with a reason; never below zero available (402). Spends lots in expiry order. */
  async deduct(userId: number, amount: number, adminUserId: number, reason: string, arg?: AdminOptions | EntityManager): Promise<LedgerResult> {
    const opts = options<AdminOptions>(arg);
    checkAmount(amount);
    if (!reason?.trim()) throw validation('请填写扣除原因');
    const idemKey = `deduct:${opts.idempotencyKey ?? randomUUID()}`;
    return this.once(idemKey, userId, opts, async (_em, acct) => {
      const { live } = await acct.expireDue();
      if (acct.available < amount) throw insufficient(amount, acct.available);
      const e = await acct.post({
        type: 'deduct',
        amount: -amount,
        availableDelta: -amount,
        idemKey,
        description: reason.trim(),
        actorId: adminUserId,
        referenceType: 'admin',
        referenceId: String(adminUserId),
        changes: CreditAccount.allocate(live, amount, false),
      });
      return this.resultOf(e, true);
    });
  }

  /**
   * Refund of order `orderId`: withdraws what is left unspent of that purchase (available part) with a
   * `refund` entry, and ends the lot (its expiry becomes now), so credits held from it that are released
   * later expire at once instead of coming back. Idempotent by the order. 0 left → no entry, amount 0.
   */
  async refund(orderId: string, reason = '订单退款', arg?: LedgerArg): Promise<LedgerResult> {
    const opts = options(arg);
    const ref = checkRef(orderId, '订单号');
    const lot = await this.readIn(opts.em, m => m.findOne(CreditLot, { where: { source: 'purchase', sourceRef: ref } }));
    if (!lot) throw notFound('订单没有对应的积分');
    const idemKey = `refund:${ref}`;
    return this.once(idemKey, lot.userId, opts, async (em, acct) => {
      const [locked] = [...(await acct.lotsById([lot.id])).values()];
      if (!locked) throw notFound('订单没有对应的积分');
      await em.update(CreditLot, { id: locked.id }, { expiresAt: acct.now });
      const r = locked.remaining;
      if (r === 0) return { entryId: 0, userId: acct.userId, type: 'refund', amount: 0, available: acct.available, balance: acct.balance, applied: false };
      const e = await acct.post({
        type: 'refund',
        amount: -r,
        availableDelta: -r,
        idemKey,
        description: reason,
        referenceType: 'order',
        referenceId: ref,
        changes: [{ lot: locked, available: -r, held: 0 }],
      });
      return this.resultOf(e, true);
    });
  }

  // ---------------------------------------------------------------- holds

  /** Hold `amount` for task `taskRef` (402 when not affordable). Idempotent by taskRef. */
  async freeze(userId: number, amount: number, taskRef: string, description: string, arg?: LedgerArg): Promise<HoldResult> {
    const opts = options(arg);
    checkAmount(amount);
    checkRef(taskRef, '任务编号');
    try {
      return await this.tx(opts, async em => {
        const acct = await CreditAccount.lock(em, userId, opts.now ?? new Date());
        const prior = await em.findOne(CreditHold, { where: { taskRef } });
        if (prior) return this.holdResult(em, prior, false, userId, amount);
        const { live } = await acct.expireDue();
        if (acct.available < amount) throw insufficient(amount, acct.available);
        const changes = CreditAccount.allocate(live, amount, true);
        const hold = em.create(CreditHold, {
          taskRef,
          userId,
          amount,
          state: 'frozen',
          description: description.slice(0, 255),
          createdAt: acct.now,
          closedAt: null,
          closeReason: null,
        });
        await insertRow(em, CreditHold, hold);
        await acct.post({
          type: 'freeze',
          amount: 0,
          availableDelta: -amount,
          idemKey: `freeze:${taskRef}`,
          description,
          referenceType: 'task',
          referenceId: taskRef,
          holdId: hold.id,
          changes,
        });
        return this.toHoldResult(hold, true, acct.available, acct.frozen);
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // lost a race on the same taskRef from another account's transaction: answer with the winner
      const prior = await this.readHold(taskRef, opts.em);
      if (!prior) throw e;
      return this.readIn(opts.em, m => this.holdResult(m, prior, false, userId, amount));
    }
  }

  /** The held credits are spent. Idempotent; after a release it changes nothing and answers the current state. */
  async settle(taskRef: string, arg?: LedgerArg): Promise<HoldResult> {
    return this.close(taskRef, 'settled', '', options(arg));
  }

  /**
   * The held credits return to available. Idempotent; after a settle it changes nothing. Credits whose
   * lot expired while they were held expire at once (an `expire` entry right after the `release`).
   */
  async release(taskRef: string, reason?: string, arg?: LedgerArg): Promise<HoldResult> {
    return this.close(taskRef, 'released', reason || '任务未完成，积分退回', options(arg));
  }

  private async close(taskRef: string, to: 'settled' | 'released', reason: string, opts: LedgerOptions): Promise<HoldResult> {
    checkRef(taskRef, '任务编号');
    const found = await this.readHold(taskRef, opts.em);
    if (!found) throw notFound('没有这个任务的积分冻结记录');
    return this.tx(opts, async em => {
      const acct = await CreditAccount.lock(em, found.userId, opts.now ?? new Date());
      // the transition itself is the guard: only one caller moves the hold out of 'frozen'
      const r = await em
        .createQueryBuilder()
        .update(CreditHold)
        .set({ state: to, closedAt: acct.now, closeReason: reason.slice(0, 255) || null })
        .where("id = :id AND state = 'frozen'", { id: found.id })
        .execute();
      const hold = (await em.findOne(CreditHold, { where: { id: found.id }, ...(isMysql(em) ? { lock: { mode: 'pessimistic_write' as const } } : {}) }))!;
      if (r.affected !== 1) return this.holdResult(em, hold, false);

      const freezeEntry = await em.findOne(CreditEntry, { where: { idemKey: `freeze:${taskRef}` } });
      if (!freezeEntry) throw new Error(`ledger: hold ${hold.id} has no freeze entry`);
      const held = (await acct.changesOf(freezeEntry.id)).filter(c => c.held > 0);
      const common = { referenceType: 'task', referenceId: taskRef, holdId: hold.id };
      if (to === 'settled') {
        await acct.post({
          ...common,
          type: 'settle',
          amount: -hold.amount,
          availableDelta: 0,
          idemKey: `settle:${taskRef}`,
          description: hold.description || '生成表情',
          changes: held.map(c => ({ lot: c.lot, available: 0, held: -c.held })),
        });
      } else {
        const back = held.map(c => ({ lot: c.lot, available: c.held, held: -c.held }));
        await acct.post({
          ...common,
          type: 'release',
          amount: 0,
          availableDelta: hold.amount,
          idemKey: `release:${taskRef}`,
          description: reason,
          changes: back,
        });
        const late = CreditAccount.expiredAmong(back, acct.now);
        const gone = late.reduce((s, c) => s + c.available, 0);
        if (gone > 0) {
          await acct.post({
            ...common,
            type: 'expire',
            amount: -gone,
            availableDelta: -gone,
            idemKey: `expire:release:${taskRef}`,
            description: `退回的 ${gone} 积分已过期`,
            changes: late.map(c => ({ lot: c.lot, available: -c.available, held: 0 })),
          });
        }
      }
      return this.toHoldResult(hold, true, acct.available, acct.frozen);
    });
  }

  // ---------------------------------------------------------------- expiry

  /**
   * Write `expire` entries for what is left of every lot past its expiry at `now` (held parts stay
   * held). One transaction per account; safe to run on several instances at once (same idempotency keys
   * and row locks), so the job needs no lease.
   */
  async expireDue(now: Date = new Date(), limit = 1000): Promise<{ accounts: number; lots: number; credits: number; failed: number }> {
    const due: Array<{ userId: number }> = await this.read(() =>
      this.db
        .getRepository(CreditLot)
        .createQueryBuilder('l')
        .select('DISTINCT l.userId', 'userId')
        .where('l.expiresAt <= :now AND l.remaining > 0', { now })
        .limit(limit)
        .getRawMany(),
    );
    const out = { accounts: 0, lots: 0, credits: 0, failed: 0 };
    for (const { userId } of due) {
      try {
        const r = await this.expireAccount(Number(userId), now);
        out.accounts += r.expired > 0 ? 1 : 0;
        out.lots += r.expired;
        out.credits += r.credits;
      } catch (e) {
        out.failed += 1;
        if (out.failed === 1) console.error(`[credits] expiring lots of user ${userId} failed:`, e);
      }
    }
    return out;
  }

  expireAccount(userId: number, now: Date = new Date(), em?: EntityManager) {
    return this.tx({ em }, async tem => (await CreditAccount.lock(tem, userId, now)).expireDue());
  }

  // ---------------------------------------------------------------- reads

  async summary(userId: number, now: Date = new Date()): Promise<CreditSummary> {
    if (await this.read(() => CreditAccount.hasDueLots(this.db.manager, userId, now))) await this.expireAccount(userId, now);
    return this.read(async () => {
      const m = this.db.manager;
      const user = await m.findOne(User, { where: { id: userId }, select: { id: true, credits: true, frozenCredits: true } });
      if (!user) throw notFound('用户不存在');
      const totals = await m
        .getRepository(CreditEntry)
        .createQueryBuilder('e')
        .select("COALESCE(SUM(CASE WHEN e.type IN ('bonus','purchase','grant') THEN e.amount ELSE 0 END), 0)", 'earned')
        .addSelect("COALESCE(SUM(CASE WHEN e.type = 'settle' THEN -e.amount ELSE 0 END), 0)", 'spent')
        .where('e.userId = :userId', { userId })
        .getRawOne<{ earned: string | number; spent: string | number }>();
      const lots = await m.find(CreditLot, { where: { userId, remaining: MoreThan(0) } });
      const dated = lots.filter(l => l.expiresAt && l.expiresAt > now).sort((a, b) => a.expiresAt!.getTime() - b.expiresAt!.getTime());
      const soonest = dated[0]?.expiresAt ?? null;
      const soonestAmount = soonest ? dated.filter(l => l.expiresAt!.getTime() === soonest.getTime()).reduce((s, l) => s + l.remaining, 0) : 0;
      return {
        available: user.credits,
        frozen: user.frozenCredits,
        balance: user.credits + user.frozenCredits,
        totalEarned: Number(totals?.earned ?? 0),
        totalSpent: Number(totals?.spent ?? 0),
        soonestExpiry: soonest ? soonest.toISOString() : null,
        soonestExpiryAmount: soonestAmount,
      };
    });
  }

  /**
   * The account's entries, newest first: a plain select and a count (util/plain-select.ts), which see committed
   * entries only, as the queued reads did.
   */
  async transactions(userId: number, q: { page?: number; pageSize?: number; type?: LedgerEntryType[] } = {}): Promise<Paged<LedgerEntryView>> {
    const page = Math.max(1, q.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, q.pageSize ?? 20));
    const sel = (this.entrySelect ??= new PlainSelect(this.db, CreditEntry, ENTRY_COLUMNS));
    const types = q.type?.length ? q.type : undefined;
    const where = `WHERE ${sel.col('userId')} = ?${types ? ` AND ${sel.col('type')} IN (${types.map(() => '?').join(', ')})` : ''}`;
    const params = [userId, ...(types ?? [])];
    const [rows, total] = await Promise.all([
      sel.rows(`${where} ORDER BY ${sel.col('id')} DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params),
      sel.count(where, params),
    ]);
    return { total, page, pageSize, items: rows.map(toView) };
  }

  /** Recompute every balance from the entries (see LedgerAuditService). */
  /**
   * Account deletion: the user's ledger stays for audit, but its descriptions may quote what they asked for
   * (`文字表情：<prompt>`), so they are replaced by a neutral text. Amounts, types and references stay.
   */
  async anonymise(em: EntityManager, userId: number): Promise<void> {
    await em.update(CreditEntry, { userId }, { description: '（账号已注销，说明已删除）' });
  }

  audit(em?: EntityManager): Promise<LedgerAuditReport> {
    return this.auditor.audit(em);
  }

  // ---------------------------------------------------------------- helpers

  private tx<T>(opts: LedgerOptions, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return unitOfWork(this.db, fn, opts.em);
  }

  /** Reads outside a transaction also queue behind the SQLite mutex, so they never see half a transaction. */
  private read<T>(fn: () => Promise<T>): Promise<T> {
    return sqliteSerialized(this.db, fn);
  }

  /** A read for a ledger operation: inside the caller's transaction if given (never re-taking the mutex it holds). */
  private readIn<T>(em: EntityManager | undefined, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(em) ? fn(em) : this.read(() => fn(this.db.manager));
  }

  /** One idempotent entry-writing operation: repeat → the original entry's result, never a second movement. */
  private async once(
    idemKey: string,
    userId: number,
    opts: LedgerOptions,
    fn: (em: EntityManager, acct: CreditAccount) => Promise<LedgerResult>,
  ): Promise<LedgerResult> {
    const prior = async (em: EntityManager) => {
      const e = await em.findOne(CreditEntry, { where: { idemKey } });
      if (e && e.userId !== userId) throw reused('该编号');
      return e ? this.resultOf(e, false) : null;
    };
    try {
      return await this.tx(opts, async em => {
        const acct = await CreditAccount.lock(em, userId, opts.now ?? new Date());
        return (await prior(em)) ?? fn(em, acct);
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const r = await this.readIn(opts.em, prior);
      if (!r) throw e;
      return r;
    }
  }

  private resultOf(e: CreditEntry, applied: boolean): LedgerResult {
    return { entryId: e.id, userId: e.userId, type: e.type, amount: e.amount, available: e.availableAfter, balance: e.balanceAfter, applied };
  }

  private readHold(taskRef: string, em?: EntityManager) {
    return this.readIn(em, m => m.findOne(CreditHold, { where: { taskRef } }));
  }

  /** A repeat's answer: the hold as it is, with the account as of the hold's latest entry. */
  private async holdResult(em: EntityManager, hold: CreditHold, applied: boolean, userId?: number, amount?: number): Promise<HoldResult> {
    if ((userId !== undefined && hold.userId !== userId) || (amount !== undefined && hold.amount !== amount)) throw reused('任务编号');
    const last = await em.findOne(CreditEntry, { where: { holdId: hold.id }, order: { id: 'DESC' } });
    const available = last?.availableAfter ?? 0;
    return this.toHoldResult(hold, applied, available, (last?.balanceAfter ?? 0) - available);
  }

  private toHoldResult(hold: CreditHold, applied: boolean, available: number, frozen: number): HoldResult {
    return { holdId: hold.id, taskRef: hold.taskRef, userId: hold.userId, amount: hold.amount, state: hold.state, applied, available, frozen };
  }
}

/** the columns of a LedgerEntryView */
const ENTRY_COLUMNS = [
  'id',
  'type',
  'amount',
  'balanceBefore',
  'balanceAfter',
  'availableBefore',
  'availableAfter',
  'referenceType',
  'referenceId',
  'description',
  'createdAt',
  'expiresAt',
] as const;

export function toView(e: Pick<CreditEntry, (typeof ENTRY_COLUMNS)[number]>): LedgerEntryView {
  return {
    id: e.id,
    type: e.type,
    amount: e.amount,
    balanceBefore: e.balanceBefore,
    balanceAfter: e.balanceAfter,
    availableBefore: e.availableBefore,
    availableAfter: e.availableAfter,
    referenceType: e.referenceType,
    referenceId: e.referenceId,
    description: e.description,
    createdAt: e.createdAt.toISOString(),
    expiresAt: e.expiresAt ? e.expiresAt.toISOString() : null,
  };
}
