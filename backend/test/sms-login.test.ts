import { SmsCode } from '../src/entity/sms-code.entity';
import { User } from '../src/entity/user.entity';
import { smsEnv, startSmsStandIn, SmsStandIn } from './support/aliyun-sms-standin';
import { App, dataSource, freshPhone, http, startApp, stopApp } from './support/app';

describe('SMS code login through Aliyun SendSms (local stand-in)', () => {
  let app: App;
  let sms: SmsStandIn;

  beforeAll(async () => {
    sms = await startSmsStandIn('test-ak', 'test-secret');
    app = await startApp(smsEnv(sms, { SMS_DAILY_CAP_PER_PHONE: '3', TRUST_PROXY: 'true' }));
  });
  afterAll(async () => {
    await stopApp(app);
    await sms.close();
  });

  const send = (phone: string, ip = '10.0.0.1') => http(app).post('/api/v1/auth/sms/send').set('X-Forwarded-For', ip).send({ phone });
  const login = (phone: string, code: string) => http(app).post('/api/v1/auth/sms/login').send({ phone, code });
  const lastCode = (phone: string) => [...sms.sent].reverse().find(s => s.phone === phone)?.code as string;

  it('sends a signed SendSms request and signs in once with the code, creating the account', async () => {
    const phone = freshPhone();
    const res = await send(phone);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe('OK');
    expect(res.body.data).toEqual({ resendAfterSeconds: 60, expiresInSeconds: 300 });
    const req = sms.sent.find(s => s.phone === phone)!;
    expect(req.params.SignName).toBe('表情工坊');
    expect(req.params.TemplateCode).toBe('SMS_123');
    expect(req.code).toMatch(/^\d{6}$/);

    // only a hash is stored
    const db = await dataSource(app);
    const row = await db.getRepository(SmsCode).findOneByOrFail({ phone });
    expect(row.codeHash).not.toContain(req.code);

    const ok = await login(phone, req.code);
    expect(ok.status).toBe(200);
    expect(ok.body.data.created).toBe(true);
    expect(ok.body.data.token.split('.')).toHaveLength(3);
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${ok.body.data.token}`);
    expect(me.body.data.credits).toBe(100);

    const again = await login(phone, req.code);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('SMS_CODE_INVALID');
  });

  it('allows one send per 60 s per phone (429 with Retry-After)', async () => {
    const phone = freshPhone();
    await send(phone).expect(200);
    const second = await send(phone);
    expect(second.status).toBe(429);
    expect(second.body.code).toBe('RATE_LIMITED');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(50);
  });

  it('burns the code after 5 wrong tries', async () => {
    const phone = freshPhone();
    await send(phone).expect(200);
    const code = lastCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await login(phone, wrong);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('SMS_CODE_INVALID');
    }
    const right = await login(phone, code);
    expect(right.status).toBe(400);
    expect(right.body.message).toContain('重新获取');
    const db = await dataSource(app);
    expect(await db.getRepository(User).countBy({ phone })).toBe(0);
  });

  it('refuses an expired code', async () => {
    const phone = freshPhone();
    await send(phone).expect(200);
    const db = await dataSource(app);
    await db.getRepository(SmsCode).update({ phone }, { expiresAt: new Date(Date.now() - 1000) });
    const r = await login(phone, lastCode(phone));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('SMS_CODE_EXPIRED');
  });

  it('enforces the daily cap per phone', async () => {
    const phone = freshPhone();
    const db = await dataSource(app);
    for (let i = 0; i < 3; i++) {
      await send(phone, `10.1.0.${i}`).expect(200);
      // step past the 60 s resend window without sleeping
      await db.getRepository(SmsCode).update({ phone }, { createdAt: new Date(Date.now() - 61_000 * (3 - i)) });
    }
    const r = await send(phone, '10.1.0.9');
    expect(r.status).toBe(429);
    expect(r.body.message).toContain('今日');
  });

  it('limits sends per IP to 5 a minute', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 5; i++) await send(freshPhone(), ip).expect(200);
    const r = await send(freshPhone(), ip);
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBeDefined();
  });

  it('answers 502 SMS_SEND_FAILED when Aliyun refuses, and the code is not usable', async () => {
    const phone = freshPhone();
    sms.failWith = 'isv.BUSINESS_LIMIT_CONTROL';
    try {
      const r = await send(phone, '10.2.0.1');
      expect(r.status).toBe(502);
      expect(r.body.code).toBe('SMS_SEND_FAILED');
    } finally {
      sms.failWith = undefined;
    }
    const db = await dataSource(app);
    expect(await db.getRepository(SmsCode).countBy({ phone, state: 'open' })).toBe(0);
  });

  it('rejects a bad phone and a malformed code', async () => {
    const bad = await send('12345');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_PHONE');
    const r = await login(freshPhone(), '12ab56');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('SMS_CODE_INVALID');
  });
});
