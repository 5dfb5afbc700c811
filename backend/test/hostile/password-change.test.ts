import { smsEnv, startSmsStandIn, SmsStandIn } from '../support/aliyun-sms-standin';
import { App, freshPhone, http, startApp, stopApp } from '../support/app';
import { passwordAccount, rowCounts } from '../support/rows';

/**
 * Issue 17, point 11: a stolen token alone must not change the password in the app. The app's route asks for the
 * current password or an SMS code; seed 001's route keeps its contract (token + newPassword).
 */
describe('password change with proof (app API)', () => {
  let app: App;
  let sms: SmsStandIn;
  beforeAll(async () => {
    sms = await startSmsStandIn('test-ak', 'test-secret');
    app = await startApp(smsEnv(sms, { SMS_RESEND_SECONDS: '0' }));
  });
  afterAll(async () => {
    await stopApp(app);
    await sms.close();
  });

  const change = (auth: string, body: object) => http(app).post('/api/v1/users/password').set('Authorization', auth).send(body);
  const login = (phone: string, password: string) => http(app).post('/api/v1/users/login').field('phone', phone).field('password', password);

  it('refuses a new password with only the token, writing nothing', async () => {
    const a = await passwordAccount(app);
    const before = await rowCounts(app);
    const r = await change(a.auth, { newPassword: 'hijacked123' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.message).toBe('请输入当前密码或短信验证码');
    expect(await rowCounts(app)).toEqual(before);
    expect((await login(a.phone, 'secret123')).status).toBe(200);
    expect((await login(a.phone, 'hijacked123')).status).toBe(401);
  });

  it('refuses a wrong current password with 400 (the app stays signed in)', async () => {
    const a = await passwordAccount(app);
    const r = await change(a.auth, { newPassword: 'newpass123', currentPassword: 'wrong-one' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_CREDENTIALS');
    expect((await http(app).get('/api/v1/users/me').set('Authorization', a.auth)).status).toBe(200);
  });

  it('changes with the current password and answers a fresh token; older tokens stop working', async () => {
    const a = await passwordAccount(app);
    const r = await change(a.auth, { newPassword: 'newpass123', currentPassword: 'secret123' });
    expect(r.status).toBe(200);
    expect(r.body.code).toBe('OK');
    const fresh = r.body.data.token as string;
    expect((await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${fresh}`)).status).toBe(200);
    expect((await http(app).get('/api/v1/users/me').set('Authorization', a.auth)).status).toBe(401);
    expect((await login(a.phone, 'newpass123')).status).toBe(200);
  });

  it("changes with an SMS code sent to the account's own phone (and that proves the phone)", async () => {
    const a = await passwordAccount(app);
    const me = async (auth: string) => (await http(app).get('/api/v1/users/me').set('Authorization', auth)).body.data;
    expect((await me(a.auth)).phoneVerified).toBe(false);
    expect((await http(app).post('/api/v1/users/password/code').set('Authorization', a.auth)).status).toBe(200);
    const code = [...sms.sent].reverse().find(s => s.phone === a.phone)!.code;
    const wrong = await change(a.auth, { newPassword: 'bysms12345', smsCode: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('SMS_CODE_INVALID');
    const r = await change(a.auth, { newPassword: 'bysms12345', smsCode: code });
    expect(r.status).toBe(200);
    const after = await me(`Bearer ${r.body.data.token}`);
    expect(after).toMatchObject({ hasPassword: true, phoneVerified: true });
    expect((await login(a.phone, 'bysms12345')).status).toBe(200);
  });

  it('an SMS-only account (no password) needs the SMS code', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/auth/sms/send').send({ phone }).expect(200);
    const code = [...sms.sent].reverse().find(s => s.phone === phone)!.code;
    const token = (await http(app).post('/api/v1/auth/sms/login').send({ phone, code }).expect(200)).body.data.token as string;
    const r = await change(`Bearer ${token}`, { newPassword: 'first12345', currentPassword: 'anything1' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_CREDENTIALS');
    const none = await change(`Bearer ${token}`, { newPassword: 'first12345' });
    expect(none.body.message).toBe('请输入短信验证码');
  });

  it("seed 001's change-password keeps its contract: token + newPassword", async () => {
    const a = await passwordAccount(app);
    const r = await http(app).post('/api/v1/users/change-password').set('Authorization', a.auth).field('newPassword', 'legacy12345');
    expect(r.body).toEqual({ code: 0, message: 'Password changed successfully' });
  });
});
