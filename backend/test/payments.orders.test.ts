import { OrderService } from '../src/service/payments/order.service';
import type { PaymentSimulator } from '../src/simulator/payment.sim';
import { App, http, startApp, stopApp } from './support/app';
import { orderEvents, orderRow, paymentSimulator, payWithoutNotify, purchaseEntries, signedNotify } from './support/payments';
import { credits, expectLedgerClean, pipelineEnv, waitFor } from './support/pipeline';
import { Account, passwordAccount } from './support/rows';

/**
 * Buying credits through the `simulator` channel: the real app, the real payment simulator over HTTP, and
 * every way a payment arrives (notification, status query, sweeper) ending in one delivery.
 */
let app: App;
let sim: PaymentSimulator;

beforeAll(async () => {
  app = await startApp(await pipelineEnv({ PAYMENT_QUERY_REFRESH_SECONDS: '0' }));
  sim = await paymentSimulator(app);
});

afterAll(async () => {
  await stopApp(app);
});

afterEach(async () => {
  await expectLedgerClean(app);
});

async function newOrder(user: Account, packageId = 'pkg_100') {
  const r = await http(app)
    .post('/api/v1/orders')
    .set('Authorization', user.auth)
    .send({ packageId, channel: 'simulator', returnUrl: 'http://127.0.0.1/back' });
  if (r.status !== 200) throw new Error(`create order: ${r.status} ${r.text}`);
  return r.body.data as {
    order: { outTradeNo: string; priceFen: number; credits: number; status: string; simulated: boolean };
    payment: { channel: string; payUrl: string };
  };
}

const status = async (user: Account, no: string) => (await http(app).get(`/api/v1/orders/${no}`).set('Authorization', user.auth).expect(200)).body.data;

it('buys 体验包: the pay page pays, the notification delivers 100 credits once, the order is in history', async () => {
  const user = await passwordAccount(app);
  const before = (await credits(app, user.auth)).available;
  const { order, payment } = await newOrder(user);
  expect(order).toMatchObject({ status: 'CREATED', priceFen: 990, credits: 100, simulated: true });
  expect(payment.channel).toBe('simulator');
  const page = await fetch(payment.payUrl);
  expect(await page.text()).toContain('模拟支付');
  const paid = await fetch(`${payment.payUrl}/pay`, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  expect(paid.headers.get('location')).toBe('http://127.0.0.1/back');
  expect((await orderRow(app, order.outTradeNo)).status).toBe('DELIVERED');
  expect((await credits(app, user.auth)).available).toBe(before + 100);
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
  const list = await http(app).get('/api/v1/orders').set('Authorization', user.auth).expect(200);
  expect(list.body.data.items[0]).toMatchObject({ outTradeNo: order.outTradeNo, status: 'DELIVERED', packageName: '体验包' });
  expect(sim.notifications.filter(n => n.outTradeNo === order.outTradeNo).map(n => n.status)).toEqual([200]);
});

it('ten repeated notifications at once grant the credits once and all answer success', async () => {
  const user = await passwordAccount(app);
  const before = (await credits(app, user.auth)).available;
  const { order } = await newOrder(user);
  const state = payWithoutNotify(sim, order.outTradeNo);
  const answers = await Promise.all(Array.from({ length: 10 }, () => signedNotify(app, sim, state)));
  expect(answers.map(a => a.status)).toEqual(Array(10).fill(200));
  expect((await credits(app, user.auth)).available).toBe(before + 100);
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
  const events = await orderEvents(app, order.outTradeNo);
  expect(events.filter(e => e.outcome === 'delivered')).toHaveLength(1);
  expect(events.filter(e => e.outcome === 'duplicate')).toHaveLength(9);
});

it('a notification racing status queries delivers once', async () => {
  const user = await passwordAccount(app);
  const before = (await credits(app, user.auth)).available;
  const { order } = await newOrder(user, 'pkg_500');
  const state = payWithoutNotify(sim, order.outTradeNo);
  const [n, ...qs] = await Promise.all([signedNotify(app, sim, state), ...Array.from({ length: 4 }, () => status(user, order.outTradeNo))]);
  expect(n.status).toBe(200);
  expect(qs.every(q => ['CREATED', 'DELIVERED'].includes(q.status))).toBe(true);
  expect((await status(user, order.outTradeNo)).status).toBe('DELIVERED');
  expect((await credits(app, user.auth)).available).toBe(before + 500);
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
});

it('a lost notification: the status query finds the payment and delivers', async () => {
  const user = await passwordAccount(app);
  const { order } = await newOrder(user);
  payWithoutNotify(sim, order.outTradeNo);
  expect((await status(user, order.outTradeNo)).status).toBe('DELIVERED');
  expect((await orderEvents(app, order.outTradeNo)).map(e => `${e.source}:${e.outcome}`)).toEqual(['query:delivered']);
});

it('the sweeper delivers paid orders nobody asked about, and closes expired unpaid ones', async () => {
  const user = await passwordAccount(app);
  const paid = (await newOrder(user)).order;
  const unpaid = (await newOrder(user)).order;
  payWithoutNotify(sim, paid.outTradeNo);
  const orders = await app.getApplicationContext().getAsync(OrderService);
  await orders.sweep(new Date(Date.now() + 31 * 60_000));
  expect((await orderRow(app, paid.outTradeNo)).status).toBe('DELIVERED');
  expect((await orderRow(app, unpaid.outTradeNo)).status).toBe('CLOSED');
  expect((await orderEvents(app, unpaid.outTradeNo)).map(e => `${e.source}:${e.outcome}`)).toEqual(['sweeper:closed']);
});

it('a payment for a CLOSED order is delivered anyway, and why is recorded', async () => {
  const user = await passwordAccount(app);
  const before = (await credits(app, user.auth)).available;
  const { order } = await newOrder(user);
  const orders = await app.getApplicationContext().getAsync(OrderService);
  await orders.sweep(new Date(Date.now() + 31 * 60_000));
  expect((await orderRow(app, order.outTradeNo)).status).toBe('CLOSED');
  const state = payWithoutNotify(sim, order.outTradeNo);
  expect((await signedNotify(app, sim, state)).status).toBe(200);
  expect((await orderRow(app, order.outTradeNo)).status).toBe('DELIVERED');
  expect((await credits(app, user.auth)).available).toBe(before + 100);
  expect((await orderEvents(app, order.outTradeNo)).map(e => e.outcome)).toEqual(['closed', 'paid_after_close']);
});

it('a notification for an amount that differs is refused, recorded and flagged; nothing is granted', async () => {
  const user = await passwordAccount(app);
  const before = (await credits(app, user.auth)).available;
  const { order } = await newOrder(user);
  const state = { ...payWithoutNotify(sim, order.outTradeNo), amountFen: 1 };
  const r = await signedNotify(app, sim, state);
  expect(r.status).toBe(400);
  expect(r.body.code).toBe('PAYMENT_AMOUNT_MISMATCH');
  const row = await orderRow(app, order.outTradeNo);
  expect(row.status).toBe('CREATED');
  expect(Boolean(Number(row.alert))).toBe(true);
  expect((await orderEvents(app, order.outTradeNo)).map(e => e.outcome)).toEqual(['amount_mismatch']);
  expect((await credits(app, user.auth)).available).toBe(before);
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(0);
});

it('cancel on the pay page closes the order on the next status read', async () => {
  const user = await passwordAccount(app);
  const { order, payment } = await newOrder(user);
  await fetch(`${payment.payUrl}/cancel`, { method: 'POST', redirect: 'manual' });
  const s = await waitFor('order closed', async () => ((await status(user, order.outTradeNo)).status === 'CLOSED' ? true : undefined), 5000);
  expect(s).toBe(true);
});
