import fc from 'fast-check';
import { In } from 'typeorm';
import { App, startApp, stopApp } from './support/app';
import { DAY, expectAuditClean, Ledger, ledgerOf, newUser } from './support/credit-fixtures';
import { CreditEntry } from '../src/entity/credit-entry.entity';
import { CreditHold } from '../src/entity/credit-hold.entity';
import { CreditLot } from '../src/entity/credit-lot.entity';
import { User } from '../src/entity/user.entity';
import { AppError } from '../src/error/app.error';

/**
 * Randomized: rounds of freeze/settle/release/grant/expire fired concurrently at a few accounts, then a
 * simple in-memory model replays each account's entries in the order the database serialized them
 * (entry id order, guaranteed by the account lock) and must agree with every entry, every caller's
 * answer, and the final lots, holds and cached balances.
 * Replay a failure: FC_SEED=<seed printed below> [FC_RUNS=n] npx jest test/credit.property
 */
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FC_RUNS ?? 40);
const USERS = 3;

type Op =
  | { k: 'grant'; u: number; n: number; expiring: boolean }
  | { k: 'freeze'; u: number; n: number; copies: number }
  | { k: 'settle' | 'release'; pick: number; copies: number }
  | { k: 'expire' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ k: fc.constant('grant' as const), u: fc.nat(USERS - 1), n: fc.integer({ min: 1, max: 60 }), expiring: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('freeze' as const),
      u: fc.nat(USERS - 1),
      n: fc.integer({ min: 1, max: 50 }),
      copies: fc.integer({ min: 1, max: 2 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constantFrom('settle' as const, 'release' as const), pick: fc.nat(), copies: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'expire' as const }) },
);
const programArb = fc.array(fc.record({ advanceDays: fc.integer({ min: 0, max: 12 }), ops: fc.array(opArb, { minLength: 3, maxLength: 14 }) }), {
  minLength: 3,
  maxLength: 7,
});

interface Call {
  op: string;
  key: string;
  userIdx?: number;
  n?: number;
  result?: unknown;
  error?: unknown;
}
interface MLot {
  remaining: number;
  held: number;
  expiresAt: number | null;
}
interface MHold {
  amount: number;
  state: string;
  alloc: Array<[number, number]>;
}

function spendOrder(a: [number, MLot], b: [number, MLot]) {
  const ea = a[1].expiresAt ?? Infinity;
  const eb = b[1].expiresAt ?? Infinity;
  return ea === eb ? a[0] - b[0] : ea - eb;
}

describe('credit ledger: randomized concurrent operations against a model', () => {
  let app: App;
  let l: Ledger;
  let runNo = 0;
  beforeAll(async () => {
    app = await startApp();
    l = await ledgerOf(app);
  });
  afterAll(() => stopApp(app));

  it(`matches the model (seed ${SEED}, ${RUNS} runs)`, async () => {
    console.log(`[credit.property] FC_SEED=${SEED} FC_RUNS=${RUNS}`);
    await fc.assert(
      fc.asyncProperty(programArb, program => runProgram(program)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    await expectAuditClean(l);
  });

  async function runProgram(program: Array<{ advanceDays: number; ops: Op[] }>) {
    runNo += 1;
    const tag = `p${process.pid}-${SEED}-${runNo}-${Date.now().toString(36)}`;
    const users: number[] = [];
    for (let i = 0; i < USERS; i++) users.push(await newUser(l));
    let clock = Date.now() - 120 * DAY;
    const calls: Call[] = [];
    const tasks: string[] = [];
    const requested = new Map<string, number>(); // idemKey → amount asked for
    let seq = 0;

    const track = (c: Call, p: Promise<unknown>) =>
      p.then(
        r => {
          c.result = r;
        },
        e => {
          c.error = e;
        },
      );
    // initial funds, so early freezes can succeed
    for (const [i, u] of users.entries()) {
      const key = `${tag}-init-${i}`;
      requested.set(`grant:${key}`, 80);
      await l.credits.grant(u, 80, 1, 'init', { idempotencyKey: key, now: new Date(clock) });
    }
    for (const round of program) {
      clock += round.advanceDays * DAY;
      const now = new Date(clock);
      const frozenBefore = [...tasks];
      const pending: Promise<unknown>[] = [];
      for (const op of round.ops) {
        seq += 1;
        if (op.k === 'grant') {
          const key = `${tag}-g${seq}`;
          const c: Call = { op: 'grant', key, userIdx: op.u, n: op.n };
          calls.push(c);
          requested.set(`${op.expiring ? 'bonus' : 'grant'}:${key}`, op.n);
          pending.push(
            track(
              c,
              op.expiring
                ? l.credits.bonus(users[op.u]!, op.n, key, 'bonus', { now })
                : l.credits.grant(users[op.u]!, op.n, 1, 'grant', { idempotencyKey: key, now }),
            ),
          );
        } else if (op.k === 'freeze') {
          const t = `${tag}-t${seq}`;
          tasks.push(t);
          requested.set(`freeze:${t}`, op.n);
          for (let i = 0; i < op.copies; i++) {
            const c: Call = { op: 'freeze', key: t, userIdx: op.u, n: op.n };
            calls.push(c);
            pending.push(track(c, l.credits.freeze(users[op.u]!, op.n, t, 'task', { now })));
          }
        } else if (op.k === 'settle' || op.k === 'release') {
          if (!frozenBefore.length) continue;
          const t = frozenBefore[op.pick % frozenBefore.length]!;
          for (let i = 0; i < op.copies; i++) {
            const c: Call = { op: op.k, key: t };
            calls.push(c);
            pending.push(track(c, op.k === 'settle' ? l.credits.settle(t, { now }) : l.credits.release(t, 'fail', { now })));
          }
        } else {
          const c: Call = { op: 'expire', key: String(seq) };
          calls.push(c);
          pending.push(track(c, l.credits.expireDue(now)));
        }
      }
      await Promise.all(pending);
    }
    await check(users, calls, requested);
  }

  async function check(users: number[], calls: Call[], requested: Map<string, number>) {
    const entries = await l.db.getRepository(CreditEntry).find({ where: { userId: In(users) }, order: { id: 'ASC' } });
    const dbLots = await l.db.getRepository(CreditLot).find({ where: { userId: In(users) } });
    const dbHolds = await l.db.getRepository(CreditHold).find({ where: { userId: In(users) } });
    const dbUsers = await l.db.getRepository(User).find({ where: { id: In(users) } });
    const holdsByRef = new Map(dbHolds.map(h => [h.taskRef, h]));

    for (const u of users) {
      const lots = new Map<number, MLot>();
      const holds = new Map<string, MHold>();
      let available = 0;
      let frozen = 0;
      let expectLateExpire: { ref: string; amount: number } | null = null;
      const mine = entries.filter(e => e.userId === u);
      for (const e of mine) {
        const t = e.createdAt.getTime();
        const where = `user ${u} entry ${e.id} ${e.idemKey}`;
        expect([where, e.availableBefore, e.balanceBefore]).toEqual([where, available, available + frozen]);
        if (expectLateExpire) expect([where, e.idemKey]).toEqual([where, `expire:release:${expectLateExpire.ref}`]);
        const [kind, ...rest] = e.idemKey.split(':');
        const ref = rest.join(':');
        if (kind === 'grant' || kind === 'bonus') {
          expect(e.amount).toBe(requested.get(e.idemKey));
          lots.set(e.lotId!, { remaining: e.amount, held: 0, expiresAt: e.expiresAt ? e.expiresAt.getTime() : null });
          available += e.amount;
        } else if (kind === 'freeze') {
          const n = requested.get(e.idemKey)!;
          const live = [...lots.entries()].filter(([, x]) => x.remaining > 0).sort(spendOrder);
          for (const [, x] of live) expect([where, x.expiresAt === null || x.expiresAt > t]).toEqual([where, true]); // lazily expired first
          const alloc: Array<[number, number]> = [];
          let left = n;
          for (const [id, x] of live) {
            const take = Math.min(left, x.remaining);
            if (take <= 0) continue;
            x.remaining -= take;
            x.held += take;
            alloc.push([id, take]);
            left -= take;
          }
          expect([where, left]).toEqual([where, 0]);
          holds.set(ref, { amount: n, state: 'frozen', alloc });
          available -= n;
          frozen += n;
        } else if (kind === 'settle' || kind === 'release') {
          const h = holds.get(ref)!;
          expect([where, h.state]).toEqual([where, 'frozen']);
          for (const [id, x] of h.alloc) {
            const lot = lots.get(id)!;
            lot.held -= x;
            if (kind === 'release') lot.remaining += x;
          }
          frozen -= h.amount;
          if (kind === 'release') {
            available += h.amount;
            const late = h.alloc.filter(([id]) => (lots.get(id)!.expiresAt ?? Infinity) <= t).reduce((s, [, x]) => s + x, 0);
            if (late > 0) expectLateExpire = { ref, amount: late };
          }
          h.state = kind === 'settle' ? 'settled' : 'released';
        } else if (kind === 'expire' && rest[0] === 'lot') {
          const lot = lots.get(Number(rest[1]))!;
          expect([where, lot.expiresAt !== null && lot.expiresAt <= t, -e.amount]).toEqual([where, true, lot.remaining]);
          available -= lot.remaining;
          lot.remaining = 0;
        } else if (kind === 'expire' && rest[0] === 'release') {
          const h = holds.get(rest.slice(1).join(':'))!;
          const late = h.alloc.filter(([id]) => (lots.get(id)!.expiresAt ?? Infinity) <= t);
          for (const [id, x] of late) lots.get(id)!.remaining -= x;
          const sum = late.reduce((s, [, x]) => s + x, 0);
          expect([where, -e.amount]).toEqual([where, sum]);
          available -= sum;
          expectLateExpire = null;
        } else {
          throw new Error(`unexpected entry ${where}`);
        }
        expect([where, e.availableAfter, e.balanceAfter]).toEqual([where, available, available + frozen]);
        expect(available).toBeGreaterThanOrEqual(0);
        expect(frozen).toBeGreaterThanOrEqual(0);
      }
      expect(expectLateExpire).toBeNull();
      // final state: the cache, every lot, every hold
      const dbu = dbUsers.find(x => x.id === u)!;
      expect([u, dbu.credits, dbu.frozenCredits]).toEqual([u, available, frozen]);
      for (const lot of dbLots.filter(x => x.userId === u)) {
        const m = lots.get(lot.id)!;
        expect([lot.id, lot.remaining, lot.held]).toEqual([lot.id, m.remaining, m.held]);
      }
      for (const [ref, h] of holds) expect([ref, holdsByRef.get(ref)?.state]).toEqual([ref, h.state]);
    }

    // every caller's answer agrees with what the ledger did
    const byKey = new Map<string, Call[]>();
    for (const c of calls)
      byKey.set(`${c.op === 'settle' || c.op === 'release' ? 'close' : c.op}:${c.key}`, [
        ...(byKey.get(`${c.op === 'settle' || c.op === 'release' ? 'close' : c.op}:${c.key}`) ?? []),
        c,
      ]);
    for (const [key, group] of byKey) {
      const [kind] = key.split(':');
      const failures = group.filter(c => c.error);
      if (kind === 'grant' || kind === 'expire') {
        expect([key, failures.map(c => String(c.error))]).toEqual([key, []]);
        if (kind === 'expire') for (const c of group) expect((c.result as { failed: number }).failed).toBe(0);
      } else if (kind === 'freeze') {
        const hold = holdsByRef.get(group[0]!.key);
        const ok = group.filter(c => c.result) as Array<Call & { result: { applied: boolean; state: string } }>;
        for (const f of failures) {
          const e = f.error as AppError;
          expect([key, e.errorCode]).toEqual([key, 'INSUFFICIENT_CREDITS']);
          const d = e.details as { needed: number; available: number };
          expect(d.needed).toBe(f.n);
          expect(d.available).toBeLessThan(d.needed);
          expect(d.available).toBeGreaterThanOrEqual(0);
        }
        if (hold) {
          expect([key, ok.filter(c => c.result.applied).length]).toEqual([key, 1]);
          const freezeEntry = entries.find(e => e.idemKey === `freeze:${hold.taskRef}`)!;
          const first = ok.find(c => c.result.applied)!.result as unknown as { available: number };
          expect(first.available).toBe(freezeEntry.availableAfter);
        } else {
          expect([key, ok.length]).toEqual([key, 0]);
        }
      } else {
        const hold = holdsByRef.get(group[0]!.key);
        if (!hold) {
          for (const c of group) expect([key, (c.error as AppError)?.status]).toEqual([key, 404]);
          continue;
        }
        expect([key, failures.map(c => String(c.error))]).toEqual([key, []]);
        const results = group.map(c => c.result as { applied: boolean; state: string });
        const winners = group.filter((c, i) => results[i]!.applied);
        expect([key, winners.length]).toEqual([key, 1]);
        const winnerState = winners[0]!.op === 'settle' ? 'settled' : 'released';
        expect([key, hold.state]).toEqual([key, winnerState]);
        for (const r of results) expect([key, r.state]).toEqual([key, winnerState]);
      }
    }
  }
});
