import { smsEnv, SmsStandIn, startSmsStandIn } from '../support/aliyun-sms-standin';
import { App, freshPhone, http, startApp, stopApp } from '../support/app';
import { OpenApiChecker } from '../support/openapi';
import { signUp } from '../support/pipeline';
import { startWechatStandIn, WechatStandIn } from '../support/wechat-standin';

/** Issue 11: real answers of the account routes (SMS and WeChat sign-in, profile, password, deletion) match their schemas. */
describe('OpenAPI schemas: accounts', () => {
  let app: App;
  let api: OpenApiChecker;
  let sms: SmsStandIn;
  let wx: WechatStandIn;

  beforeAll(async () => {
    sms = await startSmsStandIn('test-ak', 'test-secret');
    wx = await startWechatStandIn('wx123', 'wxsecret');
    app = await startApp(smsEnv(sms, { WECHAT_APPID: 'wx123', WECHAT_SECRET: 'wxsecret', WECHAT_API_BASE: wx.url }));
    api = await OpenApiChecker.load(app);
  });
  afterAll(async () => {
    await stopApp(app);
    await sms.close();
    await wx.close();
  });
  const codeSentTo = (phone: string) => [...sms.sent].reverse().find(s => s.phone === phone)!.code as string;

  it('SMS sign-in: send a code, sign in (a new account), a wrong code', async () => {
    const phone = freshPhone();
    api.conforms(await http(app).post('/api/v1/auth/sms/send').send({ phone }), 'POST', '/api/v1/auth/sms/send');
    const first = api.conforms(
      await http(app)
        .post('/api/v1/auth/sms/login')
        .send({ phone, code: codeSentTo(phone) }),
      'POST',
      '/api/v1/auth/sms/login',
    );
    expect(first.body.data.created).toBe(true);
    api.conforms(await http(app).post('/api/v1/auth/sms/login').send({ phone, code: '000000' }), 'POST', '/api/v1/auth/sms/login');
  });

  it('WeChat sign-in with the phone code', async () => {
    wx.phoneCodes.set('pc-openapi', { phone: freshPhone() });
    wx.loginCodes.set('lc-openapi', 'openid-openapi');
    const r = api.conforms(
      await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'pc-openapi', loginCode: 'lc-openapi' }),
      'POST',
      '/api/v1/auth/wechat/login',
    );
    expect(r.status).toBe(200);
  });

  it('profile, password change (with the current password, then with an SMS code), account deletion', async () => {
    const user = await signUp(app);
    const me = api.conforms(await http(app).get('/api/v1/users/me').set('Authorization', user.auth), 'GET', '/api/v1/users/me');
    expect(me.status).toBe(200);
    const changed = await http(app)
      .post('/api/v1/users/password')
      .set('Authorization', user.auth)
      .send({ newPassword: 'newsecret456', currentPassword: 'secret123' });
    api.conforms(changed, 'POST', '/api/v1/users/password');
    const auth = `Bearer ${changed.body.data.token}`;
    api.conforms(await http(app).post('/api/v1/users/password/code').set('Authorization', auth), 'POST', '/api/v1/users/password/code');
    const bySms = await http(app)
      .post('/api/v1/users/password')
      .set('Authorization', auth)
      .send({ newPassword: 'third789pw', smsCode: codeSentTo(user.phone) });
    expect(api.conforms(bySms, 'POST', '/api/v1/users/password').status).toBe(200);
    const fresh = `Bearer ${bySms.body.data.token}`;
    api.conforms(await http(app).delete('/api/v1/users/me').set('Authorization', fresh).send({ confirm: '不' }), 'DELETE', '/api/v1/users/me');
    const gone = api.conforms(await http(app).delete('/api/v1/users/me').set('Authorization', fresh).send({ confirm: '注销' }), 'DELETE', '/api/v1/users/me');
    expect(gone.status).toBe(200);
    api.conforms(await http(app).get('/api/v1/users/me').set('Authorization', fresh), 'GET', '/api/v1/users/me');
  });

  it('every account route was checked', () => {
    expect(api.unchecked('accounts')).toEqual([]);
  });
});
