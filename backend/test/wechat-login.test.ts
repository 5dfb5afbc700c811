import { User } from '../src/entity/user.entity';
import { App, dataSource, freshPhone, http, startApp, stopApp } from './support/app';
import { startWechatStandIn, WechatStandIn } from './support/wechat-standin';

describe('WeChat one-tap phone login (local stand-in of api.weixin.qq.com)', () => {
  let app: App;
  let wx: WechatStandIn;

  beforeAll(async () => {
    wx = await startWechatStandIn('wx123', 'wxsecret');
    app = await startApp({ WECHAT_APPID: 'wx123', WECHAT_SECRET: 'wxsecret', WECHAT_API_BASE: wx.url });
  });
  afterAll(async () => {
    await stopApp(app);
    await wx.close();
  });

  it('signs in with the phone from getuserphonenumber and stores the openid', async () => {
    const phone = freshPhone();
    wx.phoneCodes.set('pc1', { phone });
    wx.loginCodes.set('lc1', 'openid-1');
    const r = await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'pc1', loginCode: 'lc1' });
    expect(r.status).toBe(200);
    expect(r.body.data.created).toBe(true);
    const db = await dataSource(app);
    const user = await db.getRepository(User).findOneByOrFail({ phone });
    expect(user.openid).toBe('openid-1');
    const phoneCall = wx.received.find(x => x.url.startsWith('/wxa/business/getuserphonenumber'))!;
    expect(JSON.parse(phoneCall.body)).toEqual({ code: 'pc1' });
  });

  it('caches the access token and refreshes it once when WeChat says it is stale', async () => {
    const before = wx.tokenFetches;
    const phone = freshPhone();
    wx.phoneCodes.set('pc2', { phone });
    await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'pc2' }).expect(200);
    expect(wx.tokenFetches).toBe(before); // cached from the first test

    wx.phoneCodes.set('pc3', { phone });
    wx.expireTokenOnce = true;
    const r = await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'pc3' });
    expect(r.status).toBe(200);
    expect(r.body.data.created).toBe(false);
    expect(wx.tokenFetches).toBe(before + 1);
  });

  it('answers 400 WECHAT_LOGIN_FAILED for an invalid or reused code and creates nothing', async () => {
    const r = await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'nope' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('WECHAT_LOGIN_FAILED');
    const missing = await http(app).post('/api/v1/auth/wechat/login').send({});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a non-mainland number', async () => {
    wx.phoneCodes.set('pc4', { phone: '5551234567', countryCode: '1' });
    const r = await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'pc4' });
    expect(r.status).toBe(400);
    const db = await dataSource(app);
    expect(await db.getRepository(User).countBy({ phone: '5551234567' })).toBe(0);
  });
});
