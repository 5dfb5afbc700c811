import type { PaymentSimulator } from '../src/simulator/payment.sim';
import { App, freshPhone, http, startApp, stopApp } from './support/app';
import { orderEvents, orderRow, paymentSimulator, purchaseEntries } from './support/payments';
import { credits, expectLedgerClean, pipelineEnv, waitFor } from './support/pipeline';
import { Account, adminAccount, passwordAccount } from './support/rows';

/**
 * No merchant keys (the `npm start` default): the real `wechatpay_native` channel code runs against the
 * payment simulator's WeChat Pay v3, which checks the merchant signature, signs its answers with a generated
 * platform key and sends AES-256-GCM encrypted notifications — all over HTTP, nothing of ours faked.
 */
let app: App;
let sim: PaymentSimulator;
let user: Account;
let admin: Account;
const adminPhone = freshPhone();

beforeAll(async () => {
  try {
    app = await startApp(await pipelineEnv({ ADMIN_PHONES: adminPhone, PIPELINE_WORKER: 'false', PAYMENT_QUERY_REFRESH_SECONDS: '0' }));
    sim = await paymentSimulator(app);
    user = await passwordAccount(app);
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
  expect(sim.wechatpay.badAuth).toBe(0);
});

interface NativeOrder {
  order: { outTradeNo: string; simulated: boolean; status: string };
  payment: { channel: string; codeUrl: string; qrDataUrl: string; scanUrl?: string };
}

async function nativeOrder(): Promise<NativeOrder> {
  const r = await http(app).post('/api/v1/orders').set('Authorization', user.auth).send({ packageId: 'pkg_100', channel: 'wechatpay_native' });
  expect(r.status).toBe(200);
  return r.body.data;
}

const status = async (no: string) => (await orderRow(app, no)).status as string;

it('offers WeChat Pay Native as simulated, with a QR code of the code_url and a scan link', async () => {
  const opts = await http(app).get('/api/v1/payments/options').set('Authorization', user.auth).expect(200);
  expect(opts.body.data.channels).toEqual(expect.arrayContaining([{ name: 'wechatpay_native', simulated: true }]));
  const { order, payment } = await nativeOrder();
  expect(order).toMatchObject({ simulated: true, status: 'CREATED' });
  expect(payment.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
  const png = Buffer.from(payment.qrDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(payment.scanUrl).toBe(`${sim.url}/wechatpay/scan?code_url=${encodeURIComponent(payment.codeUrl)}`);
  // the simulator holds what the channel sent, signed with the merchant key
  expect(sim.wechatpay.orders.get(order.outTradeNo)).toMatchObject({ total: 990, state: 'NOTPAY', codeUrl: payment.codeUrl });
});

it('scan → pay on the simulator page → signed, encrypted notification → DELIVERED once', async () => {
  const before = (await credits(app, user.auth)).available;
  const { order, payment } = await nativeOrder();
  const page = await fetch(payment.scanUrl!);
  const html = await page.text();
  expect(html).toContain('模拟支付');
  expect(html).toContain('¥9.90');
  const paid = await fetch(`${sim.url}/wechatpay/scan/pay?code_url=${encodeURIComponent(payment.codeUrl)}`, { method: 'POST' });
  expect(await paid.text()).toContain('支付成功');
  expect(await status(order.outTradeNo)).toBe('DELIVERED');
  expect(sim.notifications.filter(n => n.outTradeNo === order.outTradeNo).map(n => n.status)).toEqual([200]);
  // WeChat Pay may notify again: each repeat is verified, answered, and changes nothing
  const o = sim.wechatpay.orders.get(order.outTradeNo)!;
  for (let i = 0; i < 3; i++) {
    const n = sim.wechatpay.notification(o);
    const r = await http(app).post('/api/v1/payments/wechatpay/notify').set(n.headers).send(n.body);
    expect([r.status, r.body.code]).toEqual([200, 'SUCCESS']);
  }
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
  expect((await credits(app, user.auth)).available).toBe(before + 100);
  const row = await orderRow(app, order.outTradeNo);
  expect(row.transactionId).toBe(o.transactionId);
});

it('a lost notification: the status read queries the simulator (signed answer) and delivers', async () => {
  const { order } = await nativeOrder();
  sim.wechatpay.pay(sim.wechatpay.orders.get(order.outTradeNo)!); // paid, but no notification sent
  const r = await http(app).get(`/api/v1/orders/${order.outTradeNo}`).set('Authorization', user.auth).expect(200);
  expect(r.body.data.status).toBe('DELIVERED');
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
  expect((await orderEvents(app, order.outTradeNo)).some(e => e.source === 'query')).toBe(true);
});

it('cancel on the scan page changes nothing; an unpaid order stays CREATED when queried', async () => {
  const { order, payment } = await nativeOrder();
  const r = await fetch(`${sim.url}/wechatpay/scan/cancel?code_url=${encodeURIComponent(payment.codeUrl)}`, { method: 'POST' });
  expect(await r.text()).toContain('已取消支付');
  const s = await http(app).get(`/api/v1/orders/${order.outTradeNo}`).set('Authorization', user.auth).expect(200);
  expect(s.body.data.status).toBe('CREATED');
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(0);
});

it('the admin refund goes through the simulator refund API and withdraws the credits', async () => {
  const { order, payment } = await nativeOrder();
  await sim.payNative(payment.codeUrl);
  await waitFor('delivered', async () => (await status(order.outTradeNo)) === 'DELIVERED');
  const r = await http(app).post(`/api/v1/admin/orders/${order.outTradeNo}/refund`).set('Authorization', admin.auth).send({ reason: '用户申请退款' });
  expect(r.status).toBe(200);
  expect(r.body.data).toMatchObject({ status: 'REFUNDED', refundedCredits: 100 });
  expect(sim.wechatpay.orders.get(order.outTradeNo)!.state).toBe('REFUND');
});

it('the simulator refuses a request that is not signed with the merchant key', async () => {
  const r = await fetch(`${sim.url}/v3/pay/transactions/native`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(r.status).toBe(401);
  expect(((await r.json()) as { code: string }).code).toBe('SIGN_ERROR');
  expect(r.headers.get('wechatpay-signature')).toBeTruthy();
  sim.wechatpay.badAuth -= 1; // this one was meant to fail
});
