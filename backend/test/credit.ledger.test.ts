import { App, freshPhone, http, startApp, stopApp } from './support/app';
import { account, expectAuditClean, Ledger, ledgerOf, newUser, ref } from './support/credit-fixtures';
import { CreditEntry } from '../src/entity/credit-entry.entity';
import { CreditLot } from '../src/entity/credit-lot.entity';
import { CreditHold } from '../src/entity/credit-hold.entity';
import { User } from '../src/entity/user.entity';
import { AppError } from '../src/error/app.error';
import { CreditAccount } from '../src/service/credits/credit-account';

describe('credit ledger: operations and idempotency', () => {
  let app: App;
  let l: Ledger;
  beforeAll(async () => {
    app = await startApp();
    l = await ledgerOf(app);
  });
  afterAll(() => stopApp(app));
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const entries = (userId: number) => l.db.getRepository(CreditEntry).find({ where: { userId }, order: { id: 'ASC' } });

  it('writes the signup bonus as a bonus entry and a 30-day lot', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const user = await l.db.query('SELECT id FROM user WHERE phone = ?', [phone]);
    const userId = Number(user[0].id);
    const [e, ...rest] = await entries(userId);
    expect(rest).toHaveLength(0);
    expect(e).toMatchObject({
      type: 'bonus',
      amount: 100,
      balanceBefore: 0,
      balanceAfter: 100,
      availableBefore: 0,
      availableAfter: 100,
      idemKey: `bonus:signup:${userId}`,
    });
    const lot = await l.db.getRepository(CreditLot).findOneByOrFail({ userId });
    expect(lot).toMatchObject({ source: 'bonus', amount: 100, remaining: 100, held: 0 });
    const days = (lot.expiresAt!.getTime() - lot.createdAt.getTime()) / 86400000;
    expect(days).toBe(30);
    expect(await account(l, userId)).toEqual({ available: 100, frozen: 0 });
  });

  it('freeze → settle moves available to frozen to spent, with before/after on every entry', async () => {
    const u = await newUser(l, 100);
    const task = ref('task');
    const h = await l.credits.freeze(u, 30, task, '文字表情：猫');
    expect(h).toMatchObject({ state: 'frozen', applied: true, amount: 30, available: 70, frozen: 30 });
    expect(await account(l, u)).toEqual({ available: 70, frozen: 30 });
    const s = await l.credits.settle(task);
    expect(s).toMatchObject({ state: 'settled', applied: true, available: 70, frozen: 0 });
    const es = await entries(u);
    expect(es.map(e => [e.type, e.amount, e.balanceBefore, e.balanceAfter, e.availableBefore, e.availableAfter])).toEqual([
      ['grant', 100, 0, 100, 0, 100],
      ['freeze', 0, 100, 100, 100, 70],
      ['settle', -30, 100, 70, 70, 70],
    ]);
    expect(es[1]).toMatchObject({ referenceType: 'task', referenceId: task, description: '文字表情：猫' });
    await expectAuditClean(l);
  });

  it('freeze → release returns the credits', async () => {
    const u = await newUser(l, 50);
    const task = ref('task');
    await l.credits.freeze(u, 50, task, 'x');
    expect(await account(l, u)).toEqual({ available: 0, frozen: 50 });
    const r = await l.credits.release(task, '生成失败');
    expect(r).toMatchObject({ state: 'released', applied: true, available: 50, frozen: 0 });
    const last = (await entries(u)).pop()!;
    expect(last).toMatchObject({ type: 'release', amount: 0, availableBefore: 0, availableAfter: 50, description: '生成失败' });
  });

  it('answers 402 INSUFFICIENT_CREDITS with needed and available, and writes nothing', async () => {
    const u = await newUser(l, 20);
    expect.assertions(5);
    try {
      await l.credits.freeze(u, 25, ref('task'), 'x');
    } catch (e) {
      const err = e as AppError;
      expect(err.status).toBe(402);
      expect(err.errorCode).toBe('INSUFFICIENT_CREDITS');
      expect(err.message).toBe('积分不足：需要 25 积分，当前可用 20 积分');
      expect(err.details).toEqual({ needed: 25, available: 20 });
    }
    expect(await entries(u)).toHaveLength(1);
  });

  it('is idempotent per reference: freeze, settle, release, purchase, grant, deduct, bonus', async () => {
    const u = await newUser(l, 100);
    const task = ref('task');
    const f1 = await l.credits.freeze(u, 10, task, 'x');
    const f2 = await l.credits.freeze(u, 10, task, 'x');
    expect(f2).toEqual({ ...f1, applied: false });
    await expect(l.credits.freeze(u, 11, task, 'x')).rejects.toMatchObject({ status: 409 });

    const s1 = await l.credits.settle(task);
    expect(await l.credits.settle(task)).toEqual({ ...s1, applied: false });
    // release after settle: no-op answering the current state
    expect(await l.credits.release(task)).toEqual({ ...s1, applied: false });
    expect(await l.credits.freeze(u, 10, task, 'x')).toMatchObject({ state: 'settled', applied: false });

    const task2 = ref('task');
    await l.credits.freeze(u, 5, task2, 'x');
    const r1 = await l.credits.release(task2);
    expect(await l.credits.release(task2)).toEqual({ ...r1, applied: false });
    expect(await l.credits.settle(task2)).toEqual({ ...r1, applied: false });

    const order = ref('order');
    const p1 = await l.credits.purchase(u, 500, order);
    expect(await l.credits.purchase(u, 500, order)).toEqual({ ...p1, applied: false });
    const g1 = await l.credits.grant(u, 7, 1, '补偿', { idempotencyKey: order });
    expect(await l.credits.grant(u, 7, 1, '补偿', { idempotencyKey: order })).toEqual({ ...g1, applied: false });
    const d1 = await l.credits.deduct(u, 3, 1, '误发', { idempotencyKey: order });
    expect(await l.credits.deduct(u, 3, 1, '误发', { idempotencyKey: order })).toEqual({ ...d1, applied: false });
    const promo = ref('promo');
    const b1 = await l.credits.bonus(u, 20, promo, '活动赠送');
    expect(await l.credits.bonus(u, 20, promo, '活动赠送')).toEqual({ ...b1, applied: false });

    // 100 - 10 (settled) + 500 + 7 - 3 + 20
    expect(await account(l, u)).toEqual({ available: 614, frozen: 0 });
    // an order id is one account's: another account cannot reuse it
    const other = await newUser(l);
    await expect(l.credits.purchase(other, 500, order)).rejects.toMatchObject({ status: 409 });
    await expectAuditClean(l);
  });

  it('settle/release of an unknown task is 404; bad amounts are 400', async () => {
    await expect(l.credits.settle(ref('nope'))).rejects.toMatchObject({ status: 404 });
    await expect(l.credits.release(ref('nope'))).rejects.toMatchObject({ status: 404 });
    const u = await newUser(l, 10);
    for (const bad of [0, -5, 1.5, Number.NaN]) await expect(l.credits.freeze(u, bad, ref(), 'x')).rejects.toMatchObject({ status: 400 });
    await expect(l.credits.grant(u, 5, 1, '  ')).rejects.toMatchObject({ status: 400 });
  });

  it('deduct never goes below zero available (402) and takes from lots', async () => {
    const u = await newUser(l, 30);
    await l.credits.freeze(u, 20, ref('task'), 'x');
    await expect(l.credits.deduct(u, 11, 1, '扣除')).rejects.toMatchObject({ status: 402, details: { needed: 11, available: 10 } });
    const d = await l.credits.deduct(u, 10, 1, '扣除');
    expect(d).toMatchObject({ type: 'deduct', amount: -10, available: 0, balance: 20, applied: true });
    const es = await entries(u);
    expect(es.pop()).toMatchObject({ referenceType: 'admin', referenceId: '1', actorId: 1, description: '扣除' });
    await expectAuditClean(l);
  });

  it('refund withdraws what is left of the order and ends the lot', async () => {
    const u = await newUser(l);
    const order = ref('order');
    await l.credits.purchase(u, 100, order);
    const task = ref('task');
    await l.credits.freeze(u, 30, task, 'x');
    const r = await l.credits.refund(order, '用户退款');
    expect(r).toMatchObject({ type: 'refund', amount: -70, available: 0, balance: 30, applied: true });
    expect((await l.credits.refund(order)).applied).toBe(false);
    // the 30 held come back on release, but the lot has ended: they expire at once
    await l.credits.release(task);
    expect(await account(l, u)).toEqual({ available: 0, frozen: 0 });
    expect((await entries(u)).slice(-2).map(e => [e.type, e.amount, e.availableAfter])).toEqual([
      ['release', 0, 30],
      ['expire', -30, 0],
    ]);
    await expectAuditClean(l);
  });

  it('rolls everything back when a failure hits between the balance update and the entry insert', async () => {
    const u = await newUser(l, 100);
    const before = { acct: await account(l, u), entries: (await entries(u)).length, holds: await l.db.getRepository(CreditHold).countBy({ userId: u }) };
    const lotsBefore = await l.db.getRepository(CreditLot).findBy({ userId: u });
    // a crash after the balance and lots are written, where the entry would be inserted
    const crash = () => jest.spyOn(CreditAccount.prototype, 'insertEntry').mockRejectedValue(new Error('injected crash'));
    crash();
    const task = ref('task');
    await expect(l.credits.freeze(u, 40, task, 'x')).rejects.toThrow('injected crash');
    await expect(l.credits.grant(u, 5, 1, 'x')).rejects.toThrow('injected crash');
    jest.restoreAllMocks();
    expect(await account(l, u)).toEqual(before.acct);
    expect((await entries(u)).length).toBe(before.entries);
    expect(await l.db.getRepository(CreditHold).countBy({ userId: u })).toBe(before.holds);
    expect(await l.db.getRepository(CreditLot).findBy({ userId: u })).toEqual(lotsBefore);
    // and the same task can be frozen afterwards (the hold row was rolled back too)
    expect((await l.credits.freeze(u, 40, task, 'x')).applied).toBe(true);

    // settle: the hold transition is rolled back with the balance
    crash();
    await expect(l.credits.settle(task)).rejects.toThrow('injected crash');
    jest.restoreAllMocks();
    expect(await l.db.getRepository(CreditHold).findOneByOrFail({ taskRef: task })).toMatchObject({ state: 'frozen' });
    expect((await l.credits.settle(task)).applied).toBe(true);
    await expectAuditClean(l);
  });

  it('joins a caller transaction: the caller rolling back undoes the freeze', async () => {
    const u = await newUser(l, 50);
    const task = ref('task');
    await expect(
      l.credits.transaction(async em => {
        await l.credits.freeze(u, 20, task, 'x', em);
        // the caller's transaction sees the freeze before it decides to roll back
        const inside = await em.getRepository(User).findOneByOrFail({ id: u });
        expect({ available: inside.credits, frozen: inside.frozenCredits }).toEqual({ available: 30, frozen: 20 });
        throw new Error('task insert failed');
      }),
    ).rejects.toThrow('task insert failed');
    expect(await account(l, u)).toEqual({ available: 50, frozen: 0 });
    await l.credits.transaction(em => l.credits.freeze(u, 20, task, 'x', { em }));
    expect(await account(l, u)).toEqual({ available: 30, frozen: 20 });
    await expectAuditClean(l);
  });

  it('audit reports a tampered cache, a tampered lot and a broken hold', async () => {
    const u = await newUser(l, 40);
    const task = ref('task');
    await l.credits.freeze(u, 10, task, 'x');
    // tamper inside a transaction that is rolled back: other test files sharing a MariaDB database never see it
    const reports = await l.credits
      .transaction(async em => {
        await em.query('UPDATE user SET credits = credits + 1 WHERE id = ?', [u]);
        const r1 = await l.audit.audit(em);
        await em.query('UPDATE user SET credits = credits - 1 WHERE id = ?', [u]);
        await em.query("UPDATE credit_hold SET state = 'settled' WHERE taskRef = ?", [task]);
        const r2 = await l.audit.audit(em);
        await em.query("UPDATE credit_hold SET state = 'frozen' WHERE taskRef = ?", [task]);
        await em.query('UPDATE credit_lot SET remaining = remaining + 1 WHERE userId = ?', [u]);
        const r3 = await l.audit.audit(em);
        throw Object.assign(new Error('rollback'), { reports: [r1, r2, r3] });
      })
      .catch((e: Error & { reports?: unknown }) => e.reports as Array<Awaited<ReturnType<typeof l.audit.audit>>>);
    const [r1, r2, r3] = reports;
    expect(r1!.ok).toBe(false);
    expect(r1!.mismatches).toEqual(expect.arrayContaining([expect.objectContaining({ userId: u, field: 'available', cached: 31, computed: 30 })]));
    expect(r2!.badHolds).toEqual(
      expect.arrayContaining([expect.objectContaining({ taskRef: task, problem: expect.stringContaining('settled with 0 settle') })]),
    );
    expect(r3!.badLots).toEqual(expect.arrayContaining([expect.objectContaining({ userId: u, problem: expect.stringContaining('moves say') })]));
    await expectAuditClean(l);
  });
});
