import { EntityManager, EntityTarget, In, LessThanOrEqual, MoreThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { LedgerEntryType } from '@app/shared';
import { CreditEntry } from '../../entity/credit-entry.entity';
import { CreditLot } from '../../entity/credit-lot.entity';
import { CreditLotMove } from '../../entity/credit-lot-move.entity';
import { User } from '../../entity/user.entity';
import { countLedgerEntry } from '../../metrics/metrics';
import { AppError, notFound } from '../../error/app.error';

export interface LotChange {
  lot: CreditLot;
  /** change of lot.remaining (the available part) */
  available: number;
  /** change of lot.held (the frozen part) */
  held: number;
}

export interface Posting {
  type: LedgerEntryType;
  /** signed change of the balance (available + frozen) */
  amount: number;
  /** signed change of available; frozen changes by amount - availableDelta */
  availableDelta: number;
  idemKey: string;
  referenceType: string | null;
  referenceId: string | null;
  description: string;
  changes: LotChange[];
  holdId?: number | null;
  lotId?: number | null;
  expiresAt?: Date | null;
  actorId?: number | null;
}

export const insufficient = (needed: number, available: number) =>
  new AppError('INSUFFICIENT_CREDITS', `积分不足：需要 ${needed} 积分，当前可用 ${available} 积分`, {
    details: { needed, available },
  });

/** Spend order: soonest expiry first, never-expiring lots last, ties oldest first. */
export function spendOrder(a: CreditLot, b: CreditLot): number {
  const ea = a.expiresAt ? a.expiresAt.getTime() : Number.POSITIVE_INFINITY;
  const eb = b.expiresAt ? b.expiresAt.getTime() : Number.POSITIVE_INFINITY;
  return ea === eb ? a.id - b.id : ea - eb;
}

const isExpired = (lot: CreditLot, now: Date) => !!lot.expiresAt && lot.expiresAt.getTime() <= now.getTime();

/**
 * One account inside one ledger transaction, after its user row is locked (see unit-of-work.ts).
 * Tracks available/frozen as it posts entries, so before/after values are exact.
 */
export class CreditAccount {
  private constructor(
    readonly em: EntityManager,
    readonly userId: number,
    public available: number,
    public frozen: number,
    readonly now: Date,
  ) {}

  get balance() {
    return this.available + this.frozen;
  }

  private get locking() {
    return isMysql(this.em) ? { lock: { mode: 'pessimistic_write' as const } } : {};
  }

  /** `SELECT … FROM user WHERE id = ? FOR UPDATE` on MySQL; on SQLite the process mutex already holds. */
  static async lock(em: EntityManager, userId: number, now: Date): Promise<CreditAccount> {
    const user = await em.getRepository(User).findOne({
      where: { id: userId },
      select: { id: true, credits: true, frozenCredits: true },
      ...(isMysql(em) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!user) throw notFound('用户不存在');
    return new CreditAccount(em, userId, user.credits, user.frozenCredits, now);
  }

  /** The account's lots with available credits, locked, in spend order. */
  async spendableLots(): Promise<CreditLot[]> {
    const lots = await this.em.getRepository(CreditLot).find({ where: { userId: this.userId, remaining: MoreThan(0) }, ...this.locking });
    return lots.sort(spendOrder);
  }

  async lotsById(ids: number[]): Promise<Map<number, CreditLot>> {
    if (ids.length === 0) return new Map();
    const lots = await this.em.getRepository(CreditLot).find({ where: { id: In(ids), userId: this.userId }, ...this.locking });
    return new Map(lots.map(l => [l.id, l]));
  }

  /**
   * Expire what is left of this account's lots that are past their expiry: one `expire` entry per lot.
   * Held parts are not touched (a hold placed before expiry is honoured). Returns the lots still live.
   */
  async expireDue(lots?: CreditLot[]): Promise<{ live: CreditLot[]; expired: number; credits: number }> {
    const all = lots ?? (await this.spendableLots());
    const live: CreditLot[] = [];
    let expired = 0;
    let credits = 0;
    for (const lot of all) {
      if (!isExpired(lot, this.now) || lot.remaining <= 0) {
        if (lot.remaining > 0) live.push(lot);
        continue;
      }
      const r = lot.remaining;
      await this.post({
        type: 'expire',
        amount: -r,
        availableDelta: -r,
        idemKey: `expire:lot:${lot.id}`,
        referenceType: 'lot',
        referenceId: String(lot.id),
        description: `${r} 积分已过期（${sourceLabel(lot.source)}，${lot.expiresAt!.toISOString().slice(0, 10)} 到期）`,
        changes: [{ lot, available: -r, held: 0 }],
      });
      expired += 1;
      credits += r;
    }
    return { live, expired, credits };
  }

  /** Lots past their expiry among `ids`, for the expire-after-release rule. */
  static expiredAmong(changes: LotChange[], now: Date): LotChange[] {
    return changes.filter(c => isExpired(c.lot, now));
  }

  /** Take `amount` from the lots' available parts in spend order; `toHeld` moves it to held instead of spending. */
  static allocate(lots: CreditLot[], amount: number, toHeld: boolean): LotChange[] {
    const changes: LotChange[] = [];
    let left = amount;
    for (const lot of lots) {
      if (left === 0) break;
      const take = Math.min(lot.remaining, left);
      if (take <= 0) continue;
      changes.push({ lot, available: -take, held: toHeld ? take : 0 });
      left -= take;
    }
    if (left > 0) throw new Error(`ledger: lots cover ${amount - left} of ${amount} credits (lots out of step with the account)`);
    return changes;
  }

  /**
   * Write one entry: lot rows, the user's cached balance (guarded), the entry, its lot moves — in this
   * order, all in the caller's transaction. Every guard failing means "would go below zero".
   */
  async post(p: Posting): Promise<CreditEntry> {
    const frozenDelta = p.amount - p.availableDelta;
    const availableBefore = this.available;
    const balanceBefore = this.balance;
    const availableAfter = availableBefore + p.availableDelta;
    if (availableAfter < 0) throw insufficient(-p.availableDelta, availableBefore);
    if (this.frozen + frozenDelta < 0) throw new Error(`ledger: frozen of user ${this.userId} would go below zero`);

    for (const c of p.changes) {
      if (c.available === 0 && c.held === 0) continue;
      const r = await this.em
        .createQueryBuilder()
        .update(CreditLot)
        .set({ remaining: () => `remaining + ${c.available | 0}`, held: () => `held + ${c.held | 0}` })
        .where('id = :id AND remaining + :a >= 0 AND held + :h >= 0', { id: c.lot.id, a: c.available, h: c.held })
        .execute();
      if (r.affected !== 1) throw new Error(`ledger: lot ${c.lot.id} would go below zero`);
      c.lot.remaining += c.available;
      c.lot.held += c.held;
    }

    // the cache, guarded: never below zero even if everything above were wrong
    const u = await this.em
      .createQueryBuilder()
      .update(User)
      .set({ credits: () => `credits + ${p.availableDelta | 0}`, frozenCredits: () => `frozenCredits + ${frozenDelta | 0}` })
      .where('id = :id AND credits + :a >= 0 AND frozenCredits + :f >= 0', { id: this.userId, a: p.availableDelta, f: frozenDelta })
      .execute();
    if (u.affected !== 1) throw insufficient(-p.availableDelta, availableBefore);

    const entry = this.em.create(CreditEntry, {
      userId: this.userId,
      type: p.type,
      amount: p.amount,
      balanceBefore,
      balanceAfter: balanceBefore + p.amount,
      availableBefore,
      availableAfter,
      referenceType: p.referenceType,
      referenceId: p.referenceId,
      idemKey: p.idemKey,
      holdId: p.holdId ?? null,
      lotId: p.lotId ?? null,
      expiresAt: p.expiresAt ?? null,
      actorId: p.actorId ?? null,
      description: p.description.slice(0, 255),
      createdAt: this.now,
    });
    await this.insertEntry(entry);
    countLedgerEntry(p.type);
    const moves = p.changes
      .filter(c => c.available !== 0 || c.held !== 0)
      .map(c => ({ entryId: entry.id, lotId: c.lot.id, userId: this.userId, availableDelta: c.available, heldDelta: c.held }));
    if (moves.length) await this.em.createQueryBuilder().insert().into(CreditLotMove).values(moves).updateEntity(false).execute();

    this.available = availableAfter;
    this.frozen += frozenDelta;
    return entry;
  }

  /** Writes the entry (after the balance and lots, in the same transaction: a failure here rolls them back too). */
  async insertEntry(entry: CreditEntry): Promise<void> {
    await insertRow(this.em, CreditEntry, entry);
  }

  /** The lot moves of one entry (e.g. which lots a freeze took from), with the lots locked. */
  async changesOf(entryId: number): Promise<Array<{ lot: CreditLot; available: number; held: number }>> {
    const moves = await this.em.getRepository(CreditLotMove).find({ where: { entryId }, order: { id: 'ASC' } });
    const lots = await this.lotsById([...new Set(moves.map(m => m.lotId))]);
    return moves.map(m => {
      const lot = lots.get(m.lotId);
      if (!lot) throw new Error(`ledger: lot ${m.lotId} of entry ${entryId} is missing`);
      return { lot, available: m.availableDelta, held: m.heldDelta };
    });
  }

  /** Has this account lots past expiry with credits left? (cheap check before a write) */
  static async hasDueLots(em: EntityManager, userId: number, now: Date): Promise<boolean> {
    return (await em.getRepository(CreditLot).count({ where: { userId, remaining: MoreThan(0), expiresAt: LessThanOrEqual(now) } })) > 0;
  }
}

/**
 * INSERT one row and return its id, without TypeORM's re-SELECT of default/generated columns
 * (`updateEntity(false)`): two round trips fewer per freeze.
 */
export async function insertRow<T extends { id: number }>(em: EntityManager, entity: EntityTarget<T>, row: T): Promise<number> {
  const r = await em
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(row as QueryDeepPartialEntity<T>)
    .updateEntity(false)
    .execute();
  const raw = r.raw as number | bigint | { insertId?: number };
  const id = typeof raw === 'object' && raw !== null ? Number(raw.insertId) : Number(raw); // mysql2 header | better-sqlite3 rowid
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error('ledger: insert returned no id');
  row.id = id;
  return id;
}

export function isMysql(em: EntityManager): boolean {
  const t = em.connection.options.type;
  return t === 'mysql' || t === 'mariadb';
}

export function sourceLabel(source: string): string {
  return source === 'purchase' ? '购买' : source === 'bonus' ? '赠送' : source === 'grant' ? '系统发放' : source;
}
