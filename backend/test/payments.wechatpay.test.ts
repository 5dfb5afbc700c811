import { generateKeyPairSync, randomBytes } from 'crypto';
import { App, http, startApp, stopApp } from './support/app';
import { orderEvents, orderRow, purchaseEntries } from './support/payments';
import { credits, expectLedgerClean, pipelineEnv } from './support/pipeline';
import { Account, passwordAccount } from './support/rows';
import { startWechatPayStandIn, WechatPayStandIn } from './support/wechatpay-standin';

/** WeChat Pay API v3 Native against a stand-in that signs, verifies and encrypts the documented way. */
let app: App;
let wxpay: WechatPayStandIn;
let user: Account;

beforeAll(async () => {
  try {
    wxpay = await startWechatPayStandIn();
    app = await startApp(await pipelineEnv({ ...wxpay.env, PIPELINE_WORKER: 'false', PAYMENT_QUERY_REFRESH_SECONDS: '0' }));
    user = await passwordAccount(app);
  } catch (e) {
    console.error(e);
    throw e;
  }
});

afterAll(async () => {
  await stopApp(app);
  await wxpay?.close();
});

afterEach(async () => {
  await expectLedgerClean(app);
});

async function nativeOrder() {
  const r = await http(app).post('/api/v1/orders').set('Authorization', user.auth).send({ packageId: 'pkg_100', channel: 'wechatpay_native' });
  expect(r.status).toBe(200);
  return r.body.data as { order: { outTradeNo: string; simulated: boolean }; payment: { channel: string; codeUrl: string } };
}

const notify = (n: { headers: Record<string, string>; body: string }) => http(app).post('/api/v1/payments/wechatpay/notify').set(n.headers).send(n.body);

it('creates a Native order signed with the merchant key and answers the code_url for the QR code', async () => {
  const { order, payment } = await nativeOrder();
  expect(order.simulated).toBe(false);
  expect(payment.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
  expect(wxpay.badAuth).toBe(0);
  const sent = JSON.parse(wxpay.received.find(r => r.url === '/v3/pay/transactions/native' && r.body.includes(order.outTradeNo))!.body);
  expect(sent).toMatchObject({ mchid: '1900000109', appid: 'wxpayapp', out_trade_no: order.outTradeNo, amount: { total: 990, currency: 'CNY' } });
  expect(sent.notify_url).toMatch(/\/api\/v1\/payments\/wechatpay\/notify$/);
});

it('a verified, decrypted notification delivers once; repeats answer SUCCESS and change nothing', async () => {
  const before = (await credits(app, user.auth)).available;
  const { order } = await nativeOrder();
  wxpay.pay(order.outTradeNo);
  for (let i = 0; i < 3; i++) {
    const r = await notify(wxpay.notification(order.outTradeNo));
    expect([r.status, r.body.code]).toEqual([200, 'SUCCESS']);
  }
  expect((await orderRow(app, order.outTradeNo)).status).toBe('DELIVERED');
  expect((await credits(app, user.auth)).available).toBe(before + 100);
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
});

it('refuses forged, stale, undecryptable and wrong-amount notifications', async () => {
  const before = (await credits(app, user.auth)).available;
  const { order } = await nativeOrder();
  wxpay.pay(order.outTradeNo);
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const forged = await notify(wxpay.notification(order.outTradeNo, { signWith: otherKey }));
  expect([forged.status, forged.body.code]).toEqual([401, 'CALLBACK_INVALID']);
  const stale = await notify(wxpay.notification(order.outTradeNo, { ts: Math.floor(Date.now() / 1000) - 3600 }));
  expect([stale.status, stale.body.code]).toEqual([401, 'CALLBACK_INVALID']);
  const wrongKey = await notify(wxpay.notification(order.outTradeNo, { apiV3Key: randomBytes(16).toString('hex') }));
  expect([wrongKey.status, wrongKey.body.code]).toEqual([401, 'CALLBACK_INVALID']);
  const tampered = wxpay.notification(order.outTradeNo);
  const t = await notify({ headers: tampered.headers, body: tampered.body.replace('支付成功', '支付成功!') });
  expect([t.status, t.body.code]).toEqual([401, 'CALLBACK_INVALID']);
  const cheap = await notify(wxpay.notification(order.outTradeNo, { total: 1 }));
  expect([cheap.status, cheap.body.code]).toEqual([400, 'PAYMENT_AMOUNT_MISMATCH']);
  expect((await orderRow(app, order.outTradeNo)).status).toBe('CREATED');
  expect((await credits(app, user.auth)).available).toBe(before);
  expect((await orderEvents(app, order.outTradeNo)).map(e => e.outcome)).toEqual(['amount_mismatch']);
});

it('a lost notification: the status read queries WeChat Pay (signed answer) and delivers', async () => {
  const { order } = await nativeOrder();
  wxpay.pay(order.outTradeNo);
  const r = await http(app).get(`/api/v1/orders/${order.outTradeNo}`).set('Authorization', user.auth).expect(200);
  expect(r.body.data.status).toBe('DELIVERED');
  expect(wxpay.badAuth).toBe(0);
});
