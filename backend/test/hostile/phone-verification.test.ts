import { User } from '../../src/entity/user.entity';
import { smsEnv, startSmsStandIn, SmsStandIn } from '../support/aliyun-sms-standin';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';

/**
 * Issue 17, point 1: seed 001's register proves nothing about the phone. Its accounts are unverified, cannot
 * become admin, and the first SMS sign-in by the phone's owner takes the account back from whoever registered it.
 */
describe('phone ownership: unverified accounts from seed 001 register', () => {
  let app: App;
  let sms: SmsStandIn;
  const adminPhone = freshPhone();

  beforeAll(async () => {
    sms = await startSmsStandIn('test-ak', 'test-secret');
    app = await startApp(smsEnv(sms, { ADMIN_PHONES: adminPhone, SMS_RESEND_SECONDS: '0' }));
  });
  afterAll(async () => {
    await stopApp(app);
    await sms.close();
  });

  const register = (phone: string, password = 'attacker123') => http(app).post('/api/v1/users/register').field('phone', phone).field('password', password);
  const passwordLogin = (phone: string, password = 'attacker123') => http(app).post('/api/v1/users/login').field('phone', phone).field('password', password);
  const smsLogin = async (phone: string) => {
    await http(app).post('/api/v1/auth/sms/send').send({ phone }).expect(200);
    const code = [...sms.sent].reverse().find(s => s.phone === phone)!.code;
    const r = await http(app).post('/api/v1/auth/sms/login').send({ phone, code }).expect(200);
    return r.body.data as { token: string; created: boolean };
  };
  const me = (token: string) => http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
  const adminUsers = (token: string) => http(app).get('/api/v1/admin/users').set('Authorization', `Bearer ${token}`);

  it('registering a phone listed in ADMIN_PHONES gives no admin rights', async () => {
    await register(adminPhone).expect(200);
    const token = (await passwordLogin(adminPhone).expect(200)).body.data.token as string;
    expect((await me(token)).body.data.role).toBe('user');
    const r = await adminUsers(token);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FORBIDDEN');
    const row = await (await dataSource(app)).getRepository(User).findOneByOrFail({ phone: adminPhone });
    expect(row.phoneVerified).toBe(false);
  });

  it("the phone's owner signing in by SMS becomes admin and the registrant's password and token stop working", async () => {
    const attackerToken = (await passwordLogin(adminPhone).expect(200)).body.data.token as string;
    const owner = await smsLogin(adminPhone);
    expect(owner.created).toBe(false);
    expect((await me(owner.token)).body.data.role).toBe('admin');
    expect((await adminUsers(owner.token)).status).toBe(200);
    expect((await me(attackerToken)).status).toBe(401);
    const again = await passwordLogin(adminPhone);
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ code: 1, message: 'invalid phone or password' });
  });

  it("a victim's phone registered by someone else: the victim's SMS sign-in locks the registrant out", async () => {
    const victim = freshPhone();
    await register(victim).expect(200);
    const attackerToken = (await passwordLogin(victim).expect(200)).body.data.token as string;

    const owner = await smsLogin(victim);
    expect((await me(owner.token)).status).toBe(200);
    expect((await me(attackerToken)).status).toBe(401);
    expect((await http(app).get('/api/v1/stickers').set('Authorization', `Bearer ${attackerToken}`)).status).toBe(401);
    expect((await passwordLogin(victim)).status).toBe(401);

    const row = await (await dataSource(app)).getRepository(User).findOneByOrFail({ phone: victim });
    expect(row.phoneVerified).toBe(true);
    expect(row.passwordHash).toBeNull();
    expect(row.role).toBe('user');
  });

  it('a verified account keeps its password and tokens on later SMS sign-ins', async () => {
    const phone = freshPhone();
    const first = await smsLogin(phone);
    expect(first.created).toBe(true);
    // the owner sets a password (proven phone), then signs in by SMS again
    await http(app).post('/api/v1/users/change-password').set('Authorization', `Bearer ${first.token}`).field('newPassword', 'owner12345').expect(200);
    const token = (await passwordLogin(phone, 'owner12345').expect(200)).body.data.token as string;
    await smsLogin(phone);
    expect((await me(token)).status).toBe(200);
    expect((await passwordLogin(phone, 'owner12345')).status).toBe(200);
  });
});
