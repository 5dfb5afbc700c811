import type { PaymentSimulator } from '../src/simulator/payment.sim';
import { App, freshPhone, http, startApp, stopApp } from './support/app';
import { orderEvents, orderRow, paymentSimulator, purchaseEntries } from './support/payments';
import { credits, expectLedgerClean, pipelineEnv } from './support/pipeline';
import { Account, adminAccount } from './support/rows';
import { startWechatStandIn, WechatStandIn } from './support/wechat-standin';

/**
 * WeChat login configured (a stand-in for api.weixin.qq.com gives the session_key) but no xpay keys: the
 * server half of the real `wechat_virtual` channel runs against the payment simulator's xpay API (pay_sig
 * checked) and its delivery push comes to our message-push endpoint, signed as that endpoint verifies it.
 * The simulator's requestVirtualPayment stands in for the client's wx.requestVirtualPayment.
 */
const PUSH_TOKEN = 'push-token-sim';
let app: App;
let wx: WechatStandIn;
let sim: PaymentSimulator;
let auth = '';
let admin: Account;
const adminPhone = freshPhone();
const openid = 'openid-sim-pay';

beforeAll(async () => {
  try {
    wx = await startWechatStandIn('wx123', 'wxsecret');
    app = await startApp(
      await pipelineEnv({
        WECHAT_APPID: 'wx123',
        WECHAT_SECRET: 'wxsecret',
        WECHAT_API_BASE: wx.url,
        WECHAT_PUSH_TOKEN: PUSH_TOKEN,
        ADMIN_PHONES: adminPhone,
        PIPELINE_WORKER: 'false',
        PAYMENT_QUERY_REFRESH_SECONDS: '0',
      }),
    );
    sim = await paymentSimulator(app);
    wx.phoneCodes.set('pc-sim', { phone: freshPhone() });
    wx.loginCodes.set('lc-sim', openid);
    const r = await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'pc-sim', loginCode: 'lc-sim' }).expect(200);
    auth = `Bearer ${r.body.data.token}`;
    admin = await adminAccount(app, adminPhone);
  } catch (e) {
    console.error(e);
    throw e;
  }
});

afterAll(async () => {
  await stopApp(app);
  await wx?.close();
});

afterEach(async () => {
  await expectLedgerClean(app);
  expect(sim.xpay.badAuth).toBe(0);
});

async function xpayOrder() {
  wx.loginCodes.set('lc-pay', openid);
  const r = await http(app).post('/api/v1/orders').set('Authorization', auth).send({ packageId: 'pkg_100', channel: 'wechat_virtual', loginCode: 'lc-pay' });
  expect(r.status).toBe(200);
  return r.body.data as { order: { outTradeNo: string; simulated: boolean }; payment: { signData: string; paySig: string; signature: string } };
}

it('offers wechat_virtual as simulated; paySig and signature verify at the simulator; the push delivers once', async () => {
  const opts = await http(app).get('/api/v1/payments/options').set('Authorization', auth).expect(200);
  expect(opts.body.data.channels).toEqual(expect.arrayContaining([{ name: 'wechat_virtual', simulated: true }]));
  const before = (await credits(app, auth)).available;
  const { order, payment } = await xpayOrder();
  expect(order.simulated).toBe(true);
  expect(JSON.parse(payment.signData)).toMatchObject({ offerId: sim.xpay.credentials.offerId, goodsPrice: 990, outTradeNo: order.outTradeNo });
  await sim.xpay.requestVirtualPayment({ ...payment, openid, sessionKey: 'sk' }); // the stand-in's session_key
  expect(sim.xpay.pushes.filter(p => p.outTradeNo === order.outTradeNo).map(p => [p.status, p.answer])).toEqual([[200, '{"ErrCode":0,"ErrMsg":"success"}']]);
  expect((await orderRow(app, order.outTradeNo)).status).toBe('DELIVERED');
  // WeChat pushes again when unsure: answered success, nothing more granted
  await sim.xpay.sendPush(sim.xpay.orders.get(order.outTradeNo)!);
  await sim.xpay.sendPush(sim.xpay.orders.get(order.outTradeNo)!);
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
  expect((await credits(app, auth)).available).toBe(before + 100);
});

it('the simulator refuses a payment whose paySig was not made with its AppKey', async () => {
  const { payment } = await xpayOrder();
  await expect(sim.xpay.requestVirtualPayment({ ...payment, paySig: '0'.repeat(64), openid })).rejects.toThrow('paySig');
  await expect(sim.xpay.requestVirtualPayment({ ...payment, openid, sessionKey: 'another-session-key' })).rejects.toThrow('session_key');
});

it('a lost push: the status read calls query_order (pay_sig checked) and delivers', async () => {
  const { order, payment } = await xpayOrder();
  const unpaid = await http(app).get(`/api/v1/orders/${order.outTradeNo}`).set('Authorization', auth).expect(200);
  expect(unpaid.body.data.status).toBe('CREATED'); // 268490002 数据不存在 at the simulator: not paid yet
  await sim.xpay.requestVirtualPayment({ ...payment, openid }, { push: false });
  const r = await http(app).get(`/api/v1/orders/${order.outTradeNo}`).set('Authorization', auth).expect(200);
  expect(r.body.data.status).toBe('DELIVERED');
  expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
  expect((await orderEvents(app, order.outTradeNo)).some(e => e.source === 'query')).toBe(true);
});

it('the admin refund calls refund_order (pay_sig checked) and withdraws the credits', async () => {
  const { order, payment } = await xpayOrder();
  await sim.xpay.requestVirtualPayment({ ...payment, openid });
  const r = await http(app).post(`/api/v1/admin/orders/${order.outTradeNo}/refund`).set('Authorization', admin.auth).send({ reason: '用户申请退款' });
  expect(r.status).toBe(200);
  expect(r.body.data).toMatchObject({ status: 'REFUNDED', refundedCredits: 100 });
  expect(sim.xpay.orders.get(order.outTradeNo)!.status).toBe(5);
});

it('the simulator refuses a server API call with a wrong pay_sig or access token', async () => {
  const body = JSON.stringify({ openid, env: 0, order_id: 'x' });
  const badSig = await fetch(`${sim.url}/xpay/query_order?access_token=${sim.xpay.credentials.accessToken}&pay_sig=deadbeef`, { method: 'POST', body });
  expect(((await badSig.json()) as { errcode: number }).errcode).toBe(268435463);
  const badToken = await fetch(`${sim.url}/xpay/query_order?access_token=nope&pay_sig=deadbeef`, { method: 'POST', body });
  expect(((await badToken.json()) as { errcode: number }).errcode).toBe(40001);
  sim.xpay.badAuth -= 2; // these were meant to fail
});
