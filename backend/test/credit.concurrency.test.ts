import { App, startApp, stopApp } from './support/app';
import { account, expectAuditClean, Ledger, ledgerOf, newUser, ref } from './support/credit-fixtures';
import { CreditEntry } from '../src/entity/credit-entry.entity';
import { CreditHold } from '../src/entity/credit-hold.entity';
import { AppError } from '../src/error/app.error';

/** Concurrency: the same promises racing inside one process (SQLite: the mutex; MariaDB: row locks). */
describe('credit ledger under concurrency', () => {
  let app: App;
  let l: Ledger;
  beforeAll(async () => {
    app = await startApp();
    l = await ledgerOf(app);
  });
  afterAll(() => stopApp(app));

  const settled = <T>(ps: Promise<T>[]) => Promise.allSettled(ps);

  it('200 concurrent freezes on an account that can afford 10: exactly 10 succeed, the rest 402', async () => {
    const u = await newUser(l, 100);
    const results = await settled(Array.from({ length: 200 }, (_, i) => l.credits.freeze(u, 10, ref(`hot${i}`), 'x')));
    const ok = results.filter(r => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(10);
    expect(failed).toHaveLength(190);
    for (const f of failed) {
      const e = f.reason as AppError;
      expect(e.errorCode).toBe('INSUFFICIENT_CREDITS');
      expect(e.status).toBe(402);
      expect(e.message).toBe('积分不足：需要 10 积分，当前可用 0 积分');
    }
    expect(await account(l, u)).toEqual({ available: 0, frozen: 100 });
    const entries = await l.db.getRepository(CreditEntry).find({ where: { userId: u }, order: { id: 'ASC' } });
    expect(entries.filter(e => e.type === 'freeze')).toHaveLength(10);
    expect(entries.every(e => e.availableAfter >= 0 && e.balanceAfter >= 0)).toBe(true);
    await expectAuditClean(l);
  });

  it('50 concurrent copies of the same freeze, settle, release or purchase apply once; the rest answer the first result', async () => {
    const u = await newUser(l, 1000);
    const task = ref('task');
    const freezes = await Promise.all(Array.from({ length: 50 }, () => l.credits.freeze(u, 40, task, 'x')));
    expect(freezes.filter(r => r.applied)).toHaveLength(1);
    const first = freezes.find(r => r.applied)!;
    for (const r of freezes) expect(r).toEqual({ ...first, applied: r.applied });

    const settles = await Promise.all(Array.from({ length: 50 }, () => l.credits.settle(task)));
    expect(settles.filter(r => r.applied)).toHaveLength(1);
    const s = settles.find(r => r.applied)!;
    expect(s).toMatchObject({ state: 'settled', available: 960, frozen: 0 });
    for (const r of settles) expect(r).toEqual({ ...s, applied: r.applied });

    const task2 = ref('task');
    await l.credits.freeze(u, 60, task2, 'x');
    const releases = await Promise.all(Array.from({ length: 50 }, () => l.credits.release(task2)));
    expect(releases.filter(r => r.applied)).toHaveLength(1);
    const rel = releases.find(r => r.applied)!;
    for (const r of releases) expect(r).toEqual({ ...rel, applied: r.applied });

    const order = ref('order');
    const buys = await Promise.all(Array.from({ length: 50 }, () => l.credits.purchase(u, 500, order)));
    expect(buys.filter(r => r.applied)).toHaveLength(1);
    const b = buys.find(r => r.applied)!;
    for (const r of buys) expect(r).toEqual({ ...b, applied: r.applied });

    expect(await account(l, u)).toEqual({ available: 1460, frozen: 0 });
    const types = (await l.db.getRepository(CreditEntry).find({ where: { userId: u } })).map(e => e.type).sort();
    expect(types).toEqual(['freeze', 'freeze', 'grant', 'purchase', 'release', 'settle']);
    await expectAuditClean(l);
  });

  it('each hold gets 2 settles and 2 releases at once: every hold resolves exactly once', async () => {
    const users = await Promise.all([newUser(l, 500), newUser(l, 500), newUser(l, 500)]);
    const holds = [];
    for (let i = 0; i < 30; i++) {
      const t = ref('race');
      await l.credits.freeze(users[i % 3]!, 10 + i, t, 'x');
      holds.push(t);
    }
    const calls = holds.flatMap(t => [l.credits.settle(t), l.credits.release(t), l.credits.settle(t), l.credits.release(t)]);
    const results = await Promise.all(calls);
    for (const [i, t] of holds.entries()) {
      const mine = results.slice(i * 4, i * 4 + 4);
      expect(mine.filter(r => r.applied)).toHaveLength(1);
      const winner = mine.find(r => r.applied)!;
      for (const r of mine) expect(r.state).toBe(winner.state);
      const hold = await l.db.getRepository(CreditHold).findOneByOrFail({ taskRef: t });
      expect(hold.state).toBe(winner.state);
      const closing = await l.db.getRepository(CreditEntry).count({
        where: [
          { holdId: hold.id, type: 'settle' },
          { holdId: hold.id, type: 'release' },
        ],
      });
      expect(closing).toBe(1);
    }
    for (const u of users) expect((await account(l, u)).frozen).toBe(0);
    await expectAuditClean(l);
  });

  it('concurrent mixed traffic on many accounts keeps every account exact', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, () => newUser(l, 200)));
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 160; i++) {
      const u = users[i % users.length]!;
      const t = ref('mix');
      ops.push(
        l.credits.freeze(u, 25, t, 'x').then(
          () => (i % 2 ? l.credits.settle(t) : l.credits.release(t)),
          (e: AppError) => expect(e.errorCode).toBe('INSUFFICIENT_CREDITS'),
        ),
      );
      if (i % 10 === 0) ops.push(l.credits.grant(u, 15, 1, 'bonus'));
      if (i % 7 === 0) ops.push(l.credits.summary(u));
    }
    await Promise.all(ops);
    for (const u of users) {
      const a = await account(l, u);
      expect(a.available).toBeGreaterThanOrEqual(0);
      expect(a.frozen).toBe(0);
    }
    await expectAuditClean(l);
  });
});
