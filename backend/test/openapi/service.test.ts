import { pushSignature } from '../../src/service/wechat-push/push-crypto';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';
import { OpenApiChecker } from '../support/openapi';
import { plainQuery } from '../support/wechat-push';
import { startWechatStandIn, WechatStandIn } from '../support/wechat-standin';

const PUSH_TOKEN = 'push-token-openapi';

/**
 * Issue 11: real answers of the service's own routes: the health check (up and down), this document, and WeChat's
 * message push (the URL check's echostr, `success`, and the JSON answer of an xpay delivery, after a WeChat
 * virtual-payment order whose payment parameters are checked too).
 */
describe('OpenAPI schemas: health, the document, WeChat message push', () => {
  let app: App;
  let api: OpenApiChecker;
  let wx: WechatStandIn;
  beforeAll(async () => {
    wx = await startWechatStandIn('wx123', 'wxsecret');
    app = await startApp({
      WECHAT_APPID: 'wx123',
      WECHAT_SECRET: 'wxsecret',
      WECHAT_API_BASE: wx.url,
      WECHAT_PUSH_TOKEN: PUSH_TOKEN,
      WECHAT_PUSH_AES_KEY: '',
      WECHAT_VIRTUAL_OFFER_ID: '1450000000',
      WECHAT_VIRTUAL_APPKEY: 'appkey-openapi',
      WECHAT_VIRTUAL_ENV: '0',
    });
    api = await OpenApiChecker.load(app);
  });
  afterAll(async () => {
    await stopApp(app);
    await wx.close();
  });

  it('the health check, up and down, and the document itself', async () => {
    api.conforms(await http(app).get('/healthz'), 'GET', '/healthz');
    const ds = await dataSource(app);
    await ds.destroy();
    try {
      expect(api.conforms(await http(app).get('/healthz'), 'GET', '/healthz').status).toBe(503);
    } finally {
      await ds.initialize();
    }
    api.conforms(await http(app).get('/openapi.json'), 'GET', '/openapi.json');
  });

  it('WeChat push: the URL check, a plain event, an xpay delivery for a virtual-payment order', async () => {
    const echo = api.conforms(
      await http(app)
        .get('/api/v1/wechat/push')
        .query({ ...plainQuery(PUSH_TOKEN), echostr: 'echo-openapi' }),
      'GET',
      '/api/v1/wechat/push',
    );
    expect(echo.text).toBe('echo-openapi');
    const plain = api.conforms(
      await http(app).post('/api/v1/wechat/push').query(plainQuery(PUSH_TOKEN)).send({ MsgType: 'event', Event: 'some_future_event' }),
      'POST',
      '/api/v1/wechat/push',
    );
    expect(plain.text).toBe('success');

    wx.phoneCodes.set('pc-openapi', { phone: freshPhone() });
    wx.loginCodes.set('lc-openapi', 'openid-openapi');
    const login = await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'pc-openapi', loginCode: 'lc-openapi' }).expect(200);
    wx.loginCodes.set('lc-pay', 'openid-openapi');
    const order = await http(app)
      .post('/api/v1/orders')
      .set('Authorization', `Bearer ${login.body.data.token}`)
      .send({ packageId: 'pkg_100', channel: 'wechat_virtual', loginCode: 'lc-pay' });
    expect(api.conforms(order, 'POST', '/api/v1/orders').body.data.payment.channel).toBe('wechat_virtual');
    const outTradeNo = order.body.data.order.outTradeNo as string;
    const now = Math.floor(Date.now() / 1000);
    const nonce = String(Math.random()).slice(2);
    const delivered = await http(app)
      .post(`/api/v1/wechat/push?signature=${pushSignature(PUSH_TOKEN, String(now), nonce)}&timestamp=${now}&nonce=${nonce}`)
      .send({
        ToUserName: 'gh_x',
        FromUserName: 'openid-openapi',
        CreateTime: now,
        MsgType: 'event',
        Event: 'xpay_goods_deliver_notify',
        OpenId: 'openid-openapi',
        OutTradeNo: outTradeNo,
        Env: 0,
        WeChatPayInfo: { MchOrderNo: 'mch1', TransactionId: `4200${outTradeNo.slice(-10)}`, PaidTime: now },
        GoodsInfo: { ProductId: 'pkg_100', Quantity: 1, OrigPrice: 990, ActualPrice: 990, Attach: 'pkg_100' },
      });
    expect(api.conforms(delivered, 'POST', '/api/v1/wechat/push').body).toEqual({ ErrCode: 0, ErrMsg: 'success' });
  });

  it('every service route was checked', () => {
    expect(api.unchecked('service')).toEqual([]);
  });
});
