import { App, startApp, stopApp } from './support/app';
import { account, DAY, expectAuditClean, Ledger, ledgerOf, newUser, ref } from './support/credit-fixtures';
import { CreditEntry } from '../src/entity/credit-entry.entity';
import { CreditLot } from '../src/entity/credit-lot.entity';
import { CreditExpiryJob } from '../src/service/credits/credit-expiry.job';

/** Seed 004: purchased credits expire after 90 days, bonus after 30; spending takes the soonest-expiring first. */
describe('credit expiry and FIFO lots', () => {
  let app: App;
  let l: Ledger;
  beforeAll(async () => {
    app = await startApp();
    l = await ledgerOf(app);
  });
  afterAll(() => stopApp(app));

  const now = new Date();
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  const lots = (userId: number) => l.db.getRepository(CreditLot).find({ where: { userId }, order: { id: 'ASC' } });
  const entries = (userId: number) => l.db.getRepository(CreditEntry).find({ where: { userId }, order: { id: 'ASC' } });

  it('spends the soonest-expiring lot first, never-expiring lots last', async () => {
    const u = await newUser(l);
    await l.credits.grant(u, 30, 1, '补偿'); // never expires
    await l.credits.purchase(u, 100, ref('order'), { now: at(-10) }); // expires at +80
    await l.credits.bonus(u, 50, ref('promo'), '活动', { now: at(-5) }); // expires at +25
    const [grant, purchase, bonus] = await lots(u);
    expect(purchase!.expiresAt!.getTime()).toBe(at(80).getTime());
    expect(bonus!.expiresAt!.getTime()).toBe(at(25).getTime());

    await l.credits.freeze(u, 60, ref('task'), 'x');
    const after = await lots(u);
    expect(after.map(x => [x.source, x.remaining, x.held])).toEqual([
      ['grant', 30, 0],
      ['purchase', 90, 10],
      ['bonus', 0, 50],
    ]);
    expect(grant!.expiresAt).toBeNull();
    await l.credits.deduct(u, 100, 1, '扣除');
    expect((await lots(u)).map(x => x.remaining)).toEqual([20, 0, 0]);
    await expectAuditClean(l);
  });

  it('expireDue writes one expire entry for what is left of each expired lot, once', async () => {
    const u = await newUser(l);
    await l.credits.bonus(u, 40, ref('promo'), '活动', { now: at(-31) }); // expired yesterday
    await l.credits.purchase(u, 100, ref('order'), { now: at(-80) }); // expires in 10 days
    expect(await account(l, u)).toEqual({ available: 140, frozen: 0 });

    const r = await l.credits.expireDue(now);
    expect(r.lots).toBeGreaterThanOrEqual(1);
    expect(await account(l, u)).toEqual({ available: 100, frozen: 0 });
    const last = (await entries(u)).pop()!;
    expect(last).toMatchObject({ type: 'expire', amount: -40, balanceBefore: 140, balanceAfter: 100, availableAfter: 100, referenceType: 'lot' });

    await l.credits.expireDue(now); // again: nothing more
    expect((await entries(u)).filter(e => e.type === 'expire')).toHaveLength(1);

    await l.credits.expireDue(at(11));
    expect(await account(l, u)).toEqual({ available: 0, frozen: 0 });
    expect((await entries(u)).filter(e => e.type === 'expire').map(e => e.amount)).toEqual([-40, -100]);
    await expectAuditClean(l);
  });

  it('a freeze never uses expired credits, even before the job ran (lazy expiry)', async () => {
    const u = await newUser(l);
    await l.credits.bonus(u, 100, ref('promo'), '活动', { now: at(-40) }); // expired 10 days ago, job not run
    await l.credits.purchase(u, 20, ref('order'));
    await expect(l.credits.freeze(u, 50, ref('task'), 'x')).rejects.toMatchObject({
      status: 402,
      message: '积分不足：需要 50 积分，当前可用 20 积分',
    });
    const h = await l.credits.freeze(u, 20, ref('task'), 'x');
    expect(h).toMatchObject({ available: 0, frozen: 20 });
    expect((await entries(u)).map(e => e.type)).toEqual(['bonus', 'purchase', 'expire', 'freeze']);
    await expectAuditClean(l);
  });

  describe('a hold that spans an expiry', () => {
    async function setup() {
      const u = await newUser(l);
      await l.credits.bonus(u, 100, ref('promo'), '活动', { now: at(-25) }); // expires at +5
      const task = ref('task');
      await l.credits.freeze(u, 30, task, 'x', { now });
      return { u, task };
    }

    it('is honoured: the held part does not expire and can still be settled', async () => {
      const { u, task } = await setup();
      await l.credits.expireDue(at(6));
      expect(await account(l, u)).toEqual({ available: 0, frozen: 30 });
      expect((await lots(u))[0]).toMatchObject({ remaining: 0, held: 30 });
      await l.credits.settle(task, { now: at(7) });
      expect(await account(l, u)).toEqual({ available: 0, frozen: 0 });
      await expectAuditClean(l);
    });

    it('released after the lot expired: the returned credits expire at once', async () => {
      const { u, task } = await setup();
      await l.credits.expireDue(at(6));
      const r = await l.credits.release(task, '失败', { now: at(7) });
      expect(r).toMatchObject({ state: 'released', applied: true, available: 0, frozen: 0 });
      expect((await entries(u)).slice(-3).map(e => [e.type, e.amount, e.availableBefore, e.availableAfter])).toEqual([
        ['expire', -70, 70, 0],
        ['release', 0, 0, 30],
        ['expire', -30, 30, 0],
      ]);
      await expectAuditClean(l);
    });

    it('released after expiry but before the job ran: same result, the job then takes the rest', async () => {
      const { u, task } = await setup();
      await l.credits.release(task, '失败', { now: at(7) });
      expect(await account(l, u)).toEqual({ available: 70, frozen: 0 });
      await l.credits.expireDue(at(8));
      expect(await account(l, u)).toEqual({ available: 0, frozen: 0 });
      expect((await entries(u)).filter(e => e.type === 'expire').map(e => e.amount)).toEqual([-30, -70]);
      await expectAuditClean(l);
    });

    it('released before expiry: the credits return and expire with the lot later', async () => {
      const { u, task } = await setup();
      await l.credits.release(task, '失败', { now: at(1) });
      expect(await account(l, u)).toEqual({ available: 100, frozen: 0 });
      await l.credits.expireDue(at(6));
      expect(await account(l, u)).toEqual({ available: 0, frozen: 0 });
      await expectAuditClean(l);
    });
  });

  it('summary shows the soonest expiry, totals, and applies due expiry first', async () => {
    const u = await newUser(l);
    await l.credits.bonus(u, 10, ref('promo'), '过期的', { now: at(-31) });
    await l.credits.bonus(u, 40, ref('promo'), '活动', { now: at(-20) }); // +10
    await l.credits.purchase(u, 100, ref('order'), { now: at(-20) }); // +70
    const t = ref('task');
    await l.credits.freeze(u, 25, t, 'x');
    await l.credits.settle(t);
    const s = await l.credits.summary(u);
    expect(s).toEqual({
      available: 115,
      frozen: 0,
      balance: 115,
      totalEarned: 150,
      totalSpent: 25,
      // the 10 expired before the freeze; the freeze took 25 of the bonus 40 (soonest first): 15 left, due at +10
      soonestExpiry: at(10).toISOString(),
      soonestExpiryAmount: 15,
    });
    await expectAuditClean(l);
  });

  it('the job runs expireDue; it is off (interval 0) in unit tests', async () => {
    const job = await app.getApplicationContext().getAsync(CreditExpiryJob);
    expect(job.cfg.expiryJobIntervalSeconds).toBe(0);
    job.start(); // no-op with interval 0
    const u = await newUser(l);
    await l.credits.bonus(u, 15, ref('promo'), '活动', { now: at(-31) });
    await job.tick(now);
    expect(await account(l, u)).toEqual({ available: 0, frozen: 0 });
    await job.stop();
  });
});
