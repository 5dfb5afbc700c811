import { AdminAudit } from '../../src/entity/admin-audit.entity';
import type { PaymentSimulator } from '../../src/simulator/payment.sim';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';
import { orderRow, paymentSimulator } from '../support/payments';
import { credits, expectLedgerClean } from '../support/pipeline';
import { Account, adminAccount, passwordAccount } from '../support/rows';
import { ownPort } from './seed';

/** Orders in the admin API: list and filters, detail with the notification history, revenue, refunds. */
describe('admin API: orders and refunds', () => {
  let app: App;
  let sim: PaymentSimulator;
  let admin: Account;
  const adminPhone = freshPhone();

  beforeAll(async () => {
    try {
      app = await startApp({ ADMIN_PHONES: adminPhone, ...(await ownPort()) });
      sim = await paymentSimulator(app);
      admin = await adminAccount(app, adminPhone);
    } catch (e) {
      console.error(e);
      throw e;
    }
  });

  afterAll(async () => {
    await stopApp(app);
  });

  afterEach(async () => {
    await expectLedgerClean(app);
  });

  /** A user who bought `packageId` through the simulator (paid on its page, delivered by its notification). */
  async function buyer(packageId = 'pkg_100') {
    const user = await passwordAccount(app);
    const r = await http(app).post('/api/v1/orders').set('Authorization', user.auth).send({ packageId, channel: 'simulator' }).expect(200);
    const no = r.body.data.order.outTradeNo as string;
    await sim.pay(no);
    expect((await orderRow(app, no)).status).toBe('DELIVERED');
    return { user, no };
  }

  const refund = (no: string, reason = '用户申请退款') => http(app).post(`/api/v1/admin/orders/${no}/refund`).set('Authorization', admin.auth).send({ reason });

  it('lists orders with filters and shows the detail with its notification history', async () => {
    const { no } = await buyer();
    const list = await http(app).get('/api/v1/admin/orders?status=DELIVERED&channel=simulator').set('Authorization', admin.auth).expect(200);
    expect(list.body.data.items.some((o: { outTradeNo: string }) => o.outTradeNo === no)).toBe(true);
    const none = await http(app)
      .get('/api/v1/admin/orders?status=CLOSED&out_trade_no=' + no)
      .set('Authorization', admin.auth)
      .expect(200);
    expect(none.body.data.total).toBe(0);
    const d = await http(app).get(`/api/v1/admin/orders/${no}`).set('Authorization', admin.auth).expect(200);
    expect(d.body.data).toMatchObject({ outTradeNo: no, status: 'DELIVERED', unspentCredits: 100, alert: false });
    expect(d.body.data.events.map((e: { source: string; outcome: string }) => `${e.source}:${e.outcome}`)).toEqual(['notify:delivered']);
    expect(JSON.parse(d.body.data.events[0].raw)).toMatchObject({ outTradeNo: no, state: 'PAID', amountFen: 990 });
    const bad = await http(app).get('/api/v1/admin/orders?status=PAIDX').set('Authorization', admin.auth);
    expect(bad.status).toBe(400);
  });

  it('refunds an unspent order: money back at the channel, credits withdrawn, audited; a second refund is refused', async () => {
    const { user, no } = await buyer();
    const before = (await credits(app, user.auth)).available;
    const r = await refund(no);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ status: 'REFUNDED', refundedCredits: 100 });
    expect(sim.orders.get(no)?.state).toBe('REFUNDED');
    expect((await credits(app, user.auth)).available).toBe(before - 100);
    const db = await dataSource(app);
    expect(await db.getRepository(AdminAudit).countBy({ action: 'order.refund', targetId: no })).toBe(1);
    const again = await refund(no);
    expect([again.status, again.body.code]).toEqual([409, 'ORDER_NOT_REFUNDABLE']);
    expect((await credits(app, user.auth)).available).toBe(before - 100);
    const revenue = await http(app).get('/api/v1/admin/orders/revenue?days=3').set('Authorization', admin.auth).expect(200);
    const today = revenue.body.data[revenue.body.data.length - 1];
    expect(today.paidFen).toBeGreaterThanOrEqual(990);
    expect(today.refundedFen).toBeGreaterThanOrEqual(990);
  });

  it('refuses to refund an order whose credits were spent, and never drives a balance negative', async () => {
    const { user, no } = await buyer();
    // spend the purchase (and the signup bonus) with an admin deduction of everything available
    const all = (await credits(app, user.auth)).available;
    await http(app).post(`/api/v1/admin/users/${user.id}/deduct`).set('Authorization', admin.auth).send({ amount: all, reason: '测试：用完积分' }).expect(200);
    const r = await refund(no);
    expect([r.status, r.body.code]).toEqual([409, 'ORDER_NOT_REFUNDABLE']);
    expect((await orderRow(app, no)).status).toBe('DELIVERED');
    expect(sim.orders.get(no)?.state).toBe('PAID');
    expect((await credits(app, user.auth)).available).toBe(0);
  });

  it('refuses to refund an unpaid order and needs a reason and an admin', async () => {
    const user = await passwordAccount(app);
    const r = await http(app).post('/api/v1/orders').set('Authorization', user.auth).send({ packageId: 'pkg_100', channel: 'simulator' }).expect(200);
    const no = r.body.data.order.outTradeNo as string;
    expect((await refund(no)).status).toBe(409);
    expect((await http(app).post(`/api/v1/admin/orders/${no}/refund`).set('Authorization', admin.auth).send({})).status).toBe(400);
    expect((await http(app).post(`/api/v1/admin/orders/${no}/refund`).set('Authorization', user.auth).send({ reason: 'x' })).status).toBe(403);
    expect((await http(app).get('/api/v1/admin/orders/BQNOSUCHORDER').set('Authorization', admin.auth)).status).toBe(404);
  });
});
