import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import type { BadHold, LedgerAuditReport, LedgerMismatch } from '@app/shared';
import { CreditEntry } from '../../entity/credit-entry.entity';
import { CreditHold } from '../../entity/credit-hold.entity';
import { CreditLot } from '../../entity/credit-lot.entity';
import { CreditLotMove } from '../../entity/credit-lot-move.entity';
import { User } from '../../entity/user.entity';
import { inTransaction, isSqlite, sqliteSerialized } from '../../unit-of-work';

const MAX_REPORTED = 500;
const PAGE = 5000;
const n = (v: unknown) => Number(v ?? 0);

interface Acc {
  balance: number;
  available: number;
}

/**
 * The ledger audit: recomputes every account from its entries and compares it with the cached balance,
 * the holds and the lots. Read-only, in one consistent snapshot (REPEATABLE READ on MySQL; on SQLite
 * one read transaction queued behind the ledger mutex). Used by `npm run ledger:verify`, the admin
 * console and the tests.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class LedgerAuditService {
  @InjectDataSource()
  db: DataSource;

  /** With `em` (a transaction of the caller's): audit what that transaction sees, e.g. before it commits. */
  audit(em?: EntityManager): Promise<LedgerAuditReport> {
    if (inTransaction(em)) return this.check(em);
    const run = (tem: EntityManager) => this.check(tem);
    return sqliteSerialized(this.db, () => (isSqlite(this.db) ? this.db.transaction(run) : this.db.transaction('REPEATABLE READ', run)));
  }

  private async check(em: EntityManager): Promise<LedgerAuditReport> {
    const mismatches: LedgerMismatch[] = [];
    const badHolds: BadHold[] = [];
    const badLots: LedgerAuditReport['badLots'] = [];
    const mismatch = (m: LedgerMismatch) => mismatches.length < MAX_REPORTED && mismatches.push(m);
    const badHold = (h: BadHold) => badHolds.length < MAX_REPORTED && badHolds.push(h);
    const badLot = (l: LedgerAuditReport['badLots'][number]) => badLots.length < MAX_REPORTED && badLots.push(l);

    // 1. walk every entry in id order: each entry adds up, and starts where the account's previous one ended
    const computed = new Map<number, Acc>();
    let entries = 0;
    for (let after = 0; ;) {
      const page = await em.getRepository(CreditEntry).find({
        where: { id: MoreThan(after) },
        order: { id: 'ASC' },
        take: PAGE,
        select: { id: true, userId: true, type: true, amount: true, balanceBefore: true, balanceAfter: true, availableBefore: true, availableAfter: true },
      });
      for (const e of page) {
        const acc = computed.get(e.userId) ?? { balance: 0, available: 0 };
        if (e.balanceBefore !== acc.balance || e.availableBefore !== acc.available) {
          mismatch({
            userId: e.userId,
            field: 'chain',
            cached: e.balanceBefore,
            computed: acc.balance,
            detail: `entry ${e.id} (${e.type}) starts at balance ${e.balanceBefore}/available ${e.availableBefore}, previous entry ended at ${acc.balance}/${acc.available}`,
          });
        }
        if (e.balanceAfter - e.balanceBefore !== e.amount) {
          mismatch({
            userId: e.userId,
            field: 'entry',
            cached: e.amount,
            computed: e.balanceAfter - e.balanceBefore,
            detail: `entry ${e.id}: amount ≠ balance_after - balance_before`,
          });
        }
        if (e.availableAfter < 0 || e.balanceAfter - e.availableAfter < 0) {
          mismatch({
            userId: e.userId,
            field: 'negative',
            cached: e.availableAfter,
            computed: null,
            detail: `entry ${e.id} leaves available ${e.availableAfter}, frozen ${e.balanceAfter - e.availableAfter}`,
          });
        }
        acc.balance += e.amount;
        acc.available += e.availableAfter - e.availableBefore;
        computed.set(e.userId, acc);
      }
      entries += page.length;
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }

    // 2. the cached balances
    const users = await em.getRepository(User).find({ select: { id: true, credits: true, frozenCredits: true } });
    const cached = new Map(users.map(u => [u.id, u]));
    for (const u of users) {
      const c = computed.get(u.id) ?? { balance: 0, available: 0 };
      if (u.credits !== c.available) mismatch({ userId: u.id, field: 'available', cached: u.credits, computed: c.available });
      if (u.frozenCredits !== c.balance - c.available) mismatch({ userId: u.id, field: 'frozen', cached: u.frozenCredits, computed: c.balance - c.available });
    }
    for (const userId of computed.keys()) {
      if (!cached.has(userId))
        mismatch({ userId, field: 'account', cached: null, computed: computed.get(userId)!.balance, detail: 'entries for a missing user' });
    }

    // 3. holds: one freeze each; closed by exactly one settle or one release, matching the state
    const holds = await em.getRepository(CreditHold).find({ select: { id: true, taskRef: true, userId: true, amount: true, state: true } });
    const perHold = await em
      .getRepository(CreditEntry)
      .createQueryBuilder('e')
      .select('e.holdId', 'holdId')
      .addSelect('e.type', 'type')
      .addSelect('COUNT(*)', 'cnt')
      .addSelect('SUM(e.availableAfter - e.availableBefore)', 'dAvail')
      .addSelect('SUM(e.amount)', 'dBal')
      .where('e.holdId IS NOT NULL')
      .groupBy('e.holdId')
      .addGroupBy('e.type')
      .getRawMany<{ holdId: unknown; type: string; cnt: unknown; dAvail: unknown; dBal: unknown }>();
    const byHold = new Map<number, Map<string, { cnt: number; dAvail: number; dBal: number }>>();
    for (const r of perHold) {
      const m = byHold.get(n(r.holdId)) ?? new Map();
      m.set(r.type, { cnt: n(r.cnt), dAvail: n(r.dAvail), dBal: n(r.dBal) });
      byHold.set(n(r.holdId), m);
    }
    const frozenByUser = new Map<number, number>();
    for (const h of holds) {
      const m = byHold.get(h.id) ?? new Map();
      byHold.delete(h.id);
      const cnt = (t: string) => m.get(t)?.cnt ?? 0;
      const problem = (p: string) => badHold({ holdId: h.id, taskRef: h.taskRef, state: h.state, problem: p });
      if (cnt('freeze') !== 1) problem(`${cnt('freeze')} freeze entries`);
      else if (m.get('freeze')!.dAvail !== -h.amount) problem(`freeze moved ${-m.get('freeze')!.dAvail}, hold is ${h.amount}`);
      const want: Record<string, [number, number]> = { frozen: [0, 0], settled: [1, 0], released: [0, 1] };
      const w = want[h.state];
      if (!w) problem('unknown state');
      else if (cnt('settle') !== w[0] || cnt('release') !== w[1]) problem(`${h.state} with ${cnt('settle')} settle and ${cnt('release')} release entries`);
      else if (h.state === 'settled' && m.get('settle')!.dBal !== -h.amount) problem(`settle of ${-m.get('settle')!.dBal}, hold is ${h.amount}`);
      else if (h.state === 'released' && m.get('release')!.dAvail !== h.amount) problem(`release of ${m.get('release')!.dAvail}, hold is ${h.amount}`);
      if (cnt('expire') > 1 || (cnt('expire') === 1 && h.state !== 'released')) problem(`${cnt('expire')} expire entries on a ${h.state} hold`);
      if (h.state === 'frozen') frozenByUser.set(h.userId, (frozenByUser.get(h.userId) ?? 0) + h.amount);
    }
    for (const holdId of byHold.keys()) badHold({ holdId, taskRef: '', state: 'missing', problem: 'entries point to a hold that does not exist' });
    for (const u of users) {
      const f = frozenByUser.get(u.id) ?? 0;
      if (f !== u.frozenCredits) mismatch({ userId: u.id, field: 'open_holds', cached: u.frozenCredits, computed: f });
    }

    // 4. lots: remaining/held = the sum of their moves; per account they add up to available/frozen
    const lots = await em.getRepository(CreditLot).find({ select: { id: true, userId: true, amount: true, remaining: true, held: true } });
    const moves = await em
      .getRepository(CreditLotMove)
      .createQueryBuilder('m')
      .select('m.lotId', 'lotId')
      .addSelect('SUM(m.availableDelta)', 'a')
      .addSelect('SUM(m.heldDelta)', 'h')
      .groupBy('m.lotId')
      .getRawMany<{ lotId: unknown; a: unknown; h: unknown }>();
    const moved = new Map(moves.map(r => [n(r.lotId), { a: n(r.a), h: n(r.h) }]));
    const lotSums = new Map<number, { remaining: number; held: number }>();
    for (const l of lots) {
      const mv = moved.get(l.id) ?? { a: 0, h: 0 };
      if (mv.a !== l.remaining || mv.h !== l.held)
        badLot({ lotId: l.id, userId: l.userId, problem: `remaining/held ${l.remaining}/${l.held}, moves say ${mv.a}/${mv.h}` });
      if (l.remaining < 0 || l.held < 0 || l.remaining + l.held > l.amount)
        badLot({ lotId: l.id, userId: l.userId, problem: `remaining ${l.remaining} + held ${l.held} outside 0..${l.amount}` });
      const s = lotSums.get(l.userId) ?? { remaining: 0, held: 0 };
      s.remaining += l.remaining;
      s.held += l.held;
      lotSums.set(l.userId, s);
    }
    for (const u of users) {
      const s = lotSums.get(u.id) ?? { remaining: 0, held: 0 };
      if (s.remaining !== u.credits) mismatch({ userId: u.id, field: 'lots_remaining', cached: u.credits, computed: s.remaining });
      if (s.held !== u.frozenCredits) mismatch({ userId: u.id, field: 'lots_held', cached: u.frozenCredits, computed: s.held });
    }
    // …and each entry's lot moves add up to the entry's own movement
    const off = (await em.query(
      `SELECT e.id AS id, e.userId AS userId FROM credit_entry e LEFT JOIN credit_lot_move m ON m.entryId = e.id
       GROUP BY e.id, e.userId, e.amount, e.availableBefore, e.availableAfter
       HAVING COALESCE(SUM(m.availableDelta), 0) <> e.availableAfter - e.availableBefore
           OR COALESCE(SUM(m.heldDelta), 0) <> e.amount - (e.availableAfter - e.availableBefore)`,
    )) as Array<{ id: unknown; userId: unknown }>;
    for (const r of off)
      mismatch({ userId: n(r.userId), field: 'entry_lots', cached: null, computed: null, detail: `entry ${n(r.id)}: lot moves do not add up to the entry` });

    return {
      ok: mismatches.length === 0 && badHolds.length === 0 && badLots.length === 0,
      accounts: users.length,
      entries,
      holds: holds.length,
      lots: lots.length,
      mismatches,
      badHolds,
      badLots,
      checkedAt: new Date().toISOString(),
    };
  }
}
