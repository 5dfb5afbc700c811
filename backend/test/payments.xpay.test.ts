import { createHmac } from 'crypto';
import { pushSignature } from '../src/service/wechat-push/push-crypto';
import { xpayApiSig, xpayPaySig, xpayUserSignature } from '../src/payment/wechat-virtual';
import { App, freshPhone, http, startApp, stopApp } from './support/app';
import { orderRow, purchaseEntries } from './support/payments';
import { credits, expectLedgerClean } from './support/pipeline';
import { startWechatStandIn, WechatStandIn } from './support/wechat-standin';

/**
 * 小程序虚拟支付 (xpay): the signatures the client and the server APIs need, and delivery from the
 * `xpay_goods_deliver_notify` message push, against a stand-in for api.weixin.qq.com.
 */
const APP_KEY = 'app-key-0123456789';
const PUSH_TOKEN = 'push-token-xyz';
let app: App;
let wx: WechatStandIn;

describe('xpay signatures (hex HMAC-SHA256 as documented; expected values computed with openssl)', () => {
  const signData =
    '{"offerId":"1450000000","buyQuantity":1,"env":0,"currencyType":"CNY","productId":"pkg_100","goodsPrice":990,"outTradeNo":"BQ20261130120000ABCDEFGHJK","attach":"pkg_100"}';
  it('paySig = HMAC(AppKey, "requestVirtualPayment&" + signData)', () => {
    expect(xpayPaySig(APP_KEY, signData)).toBe('9f7ba5eaebdd01c59100a1a2ef4455bc7dfcf6805bb37955bccee298345f0be0');
  });
  it('signature = HMAC(session_key, signData)', () => {
    expect(xpayUserSignature('session-key', signData)).toBe('30c10ab9fae63d7a57a6ebc557342796924bc89aede69de9b16b8593884587f4');
  });
  it('server API pay_sig = HMAC(AppKey, uri + "&" + body)', () => {
    const body = '{"openid":"o_nN816_S2uN94viQe-pzZTb_efc","env":0,"order_id":"VIP202605301756083777"}';
    expect(xpayApiSig(APP_KEY, '/xpay/query_order', body)).toBe('e26c1f576aa47836596799db16ffeda2def0efd126cd0bd8e63d24d3835280e7');
  });
});

describe('xpay orders and the delivery push', () => {
  let auth = '';
  const openid = 'openid-pay-1';

  beforeAll(async () => {
    try {
      wx = await startWechatStandIn('wx123', 'wxsecret');
      app = await startApp({
        WECHAT_APPID: 'wx123',
        WECHAT_SECRET: 'wxsecret',
        WECHAT_API_BASE: wx.url,
        WECHAT_PUSH_TOKEN: PUSH_TOKEN,
        WECHAT_VIRTUAL_OFFER_ID: '1450000000',
        WECHAT_VIRTUAL_APPKEY: APP_KEY,
        WECHAT_VIRTUAL_ENV: '0',
      });
      wx.phoneCodes.set('pc-pay', { phone: freshPhone() });
      wx.loginCodes.set('lc-login', openid);
      const r = await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'pc-pay', loginCode: 'lc-login' }).expect(200);
      auth = `Bearer ${r.body.data.token}`;
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
  });

  async function xpayOrder() {
    wx.loginCodes.set('lc-pay', openid);
    const r = await http(app).post('/api/v1/orders').set('Authorization', auth).send({ packageId: 'pkg_100', channel: 'wechat_virtual', loginCode: 'lc-pay' });
    expect(r.status).toBe(200);
    return r.body.data as { order: { outTradeNo: string }; payment: { channel: string; mode: string; signData: string; paySig: string; signature: string } };
  }

  function push(body: Record<string, unknown>) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(Math.random()).slice(2);
    return http(app)
      .post(`/api/v1/wechat/push?signature=${pushSignature(PUSH_TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`)
      .send(body);
  }

  const deliverPush = (outTradeNo: string, origPrice = 990) => ({
    ToUserName: 'gh_x',
    FromUserName: openid,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'xpay_goods_deliver_notify',
    OpenId: openid,
    OutTradeNo: outTradeNo,
    Env: 0,
    WeChatPayInfo: { MchOrderNo: 'mch1', TransactionId: `4200${outTradeNo.slice(-10)}`, PaidTime: Math.floor(Date.now() / 1000) },
    GoodsInfo: { ProductId: 'pkg_100', Quantity: 1, OrigPrice: origPrice, ActualPrice: origPrice, Attach: 'pkg_100' },
  });

  it("signs wx.requestVirtualPayment with our price, the AppKey and the user's session_key", async () => {
    const { order, payment } = await xpayOrder();
    expect(payment.mode).toBe('short_series_goods');
    expect(JSON.parse(payment.signData)).toEqual({
      offerId: '1450000000',
      buyQuantity: 1,
      env: 0,
      currencyType: 'CNY',
      productId: 'pkg_100',
      goodsPrice: 990,
      outTradeNo: order.outTradeNo,
      attach: 'pkg_100',
    });
    expect(payment.paySig).toBe(createHmac('sha256', APP_KEY).update(`requestVirtualPayment&${payment.signData}`).digest('hex'));
    expect(payment.signature).toBe(createHmac('sha256', 'sk').update(payment.signData).digest('hex')); // the stand-in's session_key
  });

  it('needs a fresh loginCode of the same WeChat user', async () => {
    const none = await http(app).post('/api/v1/orders').set('Authorization', auth).send({ packageId: 'pkg_100', channel: 'wechat_virtual' });
    expect(none.status).toBe(400);
    wx.loginCodes.set('lc-other', 'someone-else');
    const other = await http(app)
      .post('/api/v1/orders')
      .set('Authorization', auth)
      .send({ packageId: 'pkg_100', channel: 'wechat_virtual', loginCode: 'lc-other' });
    expect(other.status).toBe(400);
    const bad = await http(app).post('/api/v1/orders').set('Authorization', auth).send({ packageId: 'pkg_100', channel: 'wechat_virtual', loginCode: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('WECHAT_LOGIN_FAILED');
  });

  it('the delivery push grants the credits once; every repeat answers success again', async () => {
    const before = (await credits(app, auth)).available;
    const { order } = await xpayOrder();
    for (let i = 0; i < 3; i++) {
      const r = await push(deliverPush(order.outTradeNo));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ ErrCode: 0, ErrMsg: 'success' });
    }
    expect((await orderRow(app, order.outTradeNo)).status).toBe('DELIVERED');
    expect((await credits(app, auth)).available).toBe(before + 100);
    expect(await purchaseEntries(app, order.outTradeNo)).toBe(1);
  });

  it('a push for another price, an unknown order, the wrong env or with a bad signature delivers nothing', async () => {
    const before = (await credits(app, auth)).available;
    const { order } = await xpayOrder();
    const cheap = await push(deliverPush(order.outTradeNo, 1));
    expect([cheap.status, cheap.body.code]).toEqual([400, 'PAYMENT_AMOUNT_MISMATCH']);
    const unknown = await push(deliverPush('BQ0000000000000000NOSUCH'));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const sandbox = await push({ ...deliverPush(order.outTradeNo), Env: 1 });
    expect([sandbox.status, sandbox.body.code]).toEqual([401, 'CALLBACK_INVALID']);
    const forged = await http(app).post('/api/v1/wechat/push?signature=deadbeef&timestamp=1&nonce=1').send(deliverPush(order.outTradeNo));
    expect(forged.status).toBe(401);
    expect((await orderRow(app, order.outTradeNo)).status).toBe('CREATED');
    expect((await credits(app, auth)).available).toBe(before);
  });

  it('a push without an order number or a price, or with them of the wrong type, is a 400 and delivers nothing (XpayPushDTO)', async () => {
    const before = (await credits(app, auth)).available;
    const { order } = await xpayOrder();
    const full = deliverPush(order.outTradeNo);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...full, OutTradeNo: undefined }, '推送缺少 OutTradeNo'],
      [{ ...full, OutTradeNo: { $ne: '' } }, '推送缺少 OutTradeNo'],
      [{ ...full, OutTradeNo: 'x'.repeat(33) }, '推送缺少 OutTradeNo'],
      [{ ...full, GoodsInfo: undefined }, '推送缺少商品价格'],
      [{ ...full, GoodsInfo: { OrigPrice: '9.9' } }, '推送缺少商品价格'],
      [{ ...full, GoodsInfo: [990] }, '推送缺少商品价格'],
      // a coin payment's price is CoinInfo's: GoodsInfo does not count
      [{ ...full, Event: 'xpay_coin_pay_notify' }, '推送缺少商品价格'],
    ];
    for (const [body, message] of cases) {
      const r = await push(body);
      expect([r.status, r.body.code, r.body.message]).toEqual([400, 'VALIDATION_FAILED', message]);
    }
    expect((await orderRow(app, order.outTradeNo)).status).toBe('CREATED');
    expect((await credits(app, auth)).available).toBe(before);
  });
});
