import { AdminAudit } from '../../src/entity/admin-audit.entity';
import { CreditEntry } from '../../src/entity/credit-entry.entity';
import { User } from '../../src/entity/user.entity';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';
import { ownPort } from './seed';
import { promoteToAdmin } from '../support/rows';

const PASSWORD = 'secret123';

describe('admin API: access, users, credits, accounts, audit log', () => {
  let app: App;
  const adminPhone = freshPhone();
  let admin: { id: number; auth: string };
  let user: { id: number; auth: string; phone: string };

  async function signUp(phone = freshPhone(), register = true) {
    if (register) await http(app).post('/api/v1/users/register').field('phone', phone).field('password', PASSWORD).expect(200);
    const login = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', PASSWORD);
    const token = login.body.data.token as string;
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
    return { id: me.body.data.id as number, auth: `Bearer ${token}`, phone, role: me.body.data.role as string };
  }

  const counts = async (userId: number) => {
    const db = await dataSource(app);
    return {
      entries: await db.getRepository(CreditEntry).countBy({ userId }),
      audits: await db.getRepository(AdminAudit).countBy({ targetType: 'user', targetId: String(userId) }),
      credits: (await db.getRepository(User).findOneByOrFail({ id: userId })).credits,
    };
  };

  beforeAll(async () => {
    app = await startApp({ ...(await ownPort()) });
    await promoteToAdmin(app, (await signUp(adminPhone)).id);
    const a = await signUp(adminPhone, false);
    if (a.role !== 'admin') throw new Error('admin:create did not make the account an admin');
    admin = a;
    user = await signUp();
  });
  afterAll(() => stopApp(app));

  it('answers 401 without a token and 403 FORBIDDEN to a signed-in non-admin, on every admin endpoint', async () => {
    const gets = [
      '/api/v1/admin/users',
      `/api/v1/admin/users/${user.id}`,
      `/api/v1/admin/users/${user.id}/transactions`,
      '/api/v1/admin/audit-log',
      '/api/v1/admin/ledger-audit',
    ];
    const posts = ['grant', 'deduct', 'disable', 'enable'].map(a => `/api/v1/admin/users/${user.id}/${a}`);
    expect.assertions((gets.length + posts.length) * 4 + 1);
    for (const path of gets) {
      const anon = await http(app).get(path);
      expect(anon.status).toBe(401);
      expect(anon.body.code).toBe('UNAUTHORIZED');
      const mere = await http(app).get(path).set('Authorization', user.auth);
      expect(mere.status).toBe(403);
      expect(mere.body).toMatchObject({ code: 'FORBIDDEN', message: '需要管理员权限' });
    }
    for (const path of posts) {
      const anon = await http(app).post(path).send({ amount: 5, reason: 'x' });
      expect(anon.status).toBe(401);
      expect(anon.body.code).toBe('UNAUTHORIZED');
      const mere = await http(app).post(path).set('Authorization', user.auth).send({ amount: 5, reason: 'x' });
      expect(mere.status).toBe(403);
      expect(mere.body.code).toBe('FORBIDDEN');
    }
    expect((await counts(user.id)).audits).toBe(0);
  });

  it('searches users by any part of the phone number, paged', async () => {
    const res = await http(app)
      .get(`/api/v1/admin/users?phone=${user.phone.slice(3)}&page=1&page_size=5`)
      .set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ total: 1, page: 1, pageSize: 5 });
    expect(res.body.data.items[0]).toEqual({
      id: user.id,
      phone: user.phone,
      role: 'user',
      disabled: false,
      credits: 100,
      frozenCredits: 0,
      stickers: 0,
      createdAt: expect.any(String),
    });
    const admins = await http(app).get(`/api/v1/admin/users?role=admin&phone=${adminPhone}`).set('Authorization', admin.auth);
    expect(admins.body.data.items.map((u: { id: number }) => u.id)).toEqual([admin.id]);
    const bad = await http(app).get('/api/v1/admin/users?phone=abc').set('Authorization', admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await http(app).get('/api/v1/admin/users?page_size=500').set('Authorization', admin.auth)).status).toBe(400);
  });

  it('shows a user with balance, frozen and lots with their expiry; 404 for an unknown id', async () => {
    const res = await http(app).get(`/api/v1/admin/users/${user.id}`).set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: user.id, phone: user.phone, hasPassword: true, wechatLinked: false, credits: 100, frozenCredits: 0 });
    expect(res.body.data.summary).toMatchObject({ available: 100, frozen: 0, balance: 100, totalEarned: 100 });
    expect(res.body.data.lots).toEqual([
      { id: expect.any(Number), source: 'bonus', amount: 100, remaining: 100, held: 0, createdAt: expect.any(String), expiresAt: expect.any(String) },
    ]);
    for (const id of ['999999999', 'abc', '0']) {
      const nf = await http(app).get(`/api/v1/admin/users/${id}`).set('Authorization', admin.auth);
      expect(nf.status).toBe(404);
      expect(nf.body.code).toBe('NOT_FOUND');
    }
  });

  it('grants credits with a reason: a ledger entry with the admin as actor, an audit record, the transaction listed', async () => {
    const before = await counts(user.id);
    const res = await http(app)
      .post(`/api/v1/admin/users/${user.id}/grant`)
      .set('Authorization', admin.auth)
      .send({ amount: 50, reason: '补偿：生成失败两次' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'OK', message: '积分已发放' });
    expect(res.body.data).toMatchObject({ userId: user.id, type: 'grant', amount: 50, available: before.credits + 50, applied: true });
    const db = await dataSource(app);
    const entry = await db.getRepository(CreditEntry).findOneByOrFail({ id: res.body.data.entryId });
    expect(entry).toMatchObject({ type: 'grant', actorId: admin.id, description: '补偿：生成失败两次', referenceType: 'admin' });

    const tx = await http(app).get(`/api/v1/admin/users/${user.id}/transactions?page_size=1`).set('Authorization', admin.auth);
    expect(tx.body.data.items[0]).toMatchObject({ id: entry.id, type: 'grant', amount: 50, description: '补偿：生成失败两次' });
    const onlyBonus = await http(app).get(`/api/v1/admin/users/${user.id}/transactions?type=bonus`).set('Authorization', admin.auth);
    expect(onlyBonus.body.data.items.map((e: { type: string }) => e.type)).toEqual(['bonus']);

    const log = await http(app).get(`/api/v1/admin/audit-log?target_type=user&target_id=${user.id}`).set('Authorization', admin.auth);
    expect(log.status).toBe(200);
    expect(log.body.data.total).toBe(1);
    expect(log.body.data.items[0]).toEqual({
      id: expect.any(Number),
      actorId: admin.id,
      actorPhone: adminPhone,
      action: 'credits.grant',
      targetType: 'user',
      targetId: String(user.id),
      reason: '补偿：生成失败两次',
      details: { amount: 50, entryId: entry.id, available: before.credits + 50, balance: before.credits + 50 },
      createdAt: expect.any(String),
    });
  });

  it('refuses negative, zero, float, text or missing amounts and missing reasons with 400, writing nothing', async () => {
    const before = await counts(user.id);
    const bodies: unknown[] = [
      { amount: -5, reason: 'r' },
      { amount: 0, reason: 'r' },
      { amount: 1.5, reason: 'r' },
      { amount: '10.5', reason: 'r' },
      { amount: 'ten', reason: 'r' },
      { amount: 1e12, reason: 'r' },
      { reason: 'r' },
      { amount: 10 },
      { amount: 10, reason: '   ' },
      { amount: 10, reason: 'x'.repeat(256) },
      { amount: 10, reason: 'r', idempotencyKey: 'bad key!' },
    ];
    for (const action of ['grant', 'deduct']) {
      for (const body of bodies) {
        const res = await http(app)
          .post(`/api/v1/admin/users/${user.id}/${action}`)
          .set('Authorization', admin.auth)
          .send(body as object);
        expect([action, body, res.status, res.body.code]).toEqual([action, body, 400, 'VALIDATION_FAILED']);
        expect(typeof res.body.message).toBe('string');
      }
    }
    // each action's reason names the action; with a bad amount too, the amount is answered first
    const post = (action: string, body: object) => http(app).post(`/api/v1/admin/users/${user.id}/${action}`).set('Authorization', admin.auth).send(body);
    expect((await post('grant', { amount: 10 })).body.message).toBe('请填写发放原因');
    expect((await post('deduct', { amount: 10, reason: 'x'.repeat(256) })).body.message).toBe('扣除原因最多 255 个字');
    expect((await post('disable', {})).body).toMatchObject({ code: 'VALIDATION_FAILED', message: '请填写停用原因', details: { field: 'reason' } });
    expect((await post('grant', { amount: 0 })).body.message).toBe('积分数量必须是 1 到 100000000 之间的整数');
    const nf = await http(app).post('/api/v1/admin/users/999999999/grant').set('Authorization', admin.auth).send({ amount: 5, reason: 'r' });
    expect(nf.status).toBe(404);
    expect(await counts(user.id)).toEqual(before);
  });

  it('deducts with a reason; more than available is 402 with nothing written; a repeated key applies once', async () => {
    const before = await counts(user.id);
    const key = `form-${process.pid}-${Date.now()}`; // unique across runs sharing a MariaDB database
    const res = await http(app)
      .post(`/api/v1/admin/users/${user.id}/deduct`)
      .set('Authorization', admin.auth)
      .send({ amount: 30, reason: '误发回收', idempotencyKey: key });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ type: 'deduct', amount: -30, available: before.credits - 30, applied: true });
    const again = await http(app)
      .post(`/api/v1/admin/users/${user.id}/deduct`)
      .set('Authorization', admin.auth)
      .send({ amount: 30, reason: '误发回收', idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ entryId: res.body.data.entryId, applied: false });
    const mid = await counts(user.id);
    expect(mid).toEqual({ entries: before.entries + 1, audits: before.audits + 1, credits: before.credits - 30 });

    const tooMuch = await http(app)
      .post(`/api/v1/admin/users/${user.id}/deduct`)
      .set('Authorization', admin.auth)
      .send({ amount: mid.credits + 1, reason: '超额' });
    expect(tooMuch.status).toBe(402);
    expect(tooMuch.body).toMatchObject({ code: 'INSUFFICIENT_CREDITS', details: { needed: mid.credits + 1, available: mid.credits } });
    expect(await counts(user.id)).toEqual(mid);
    const log = await http(app).get(`/api/v1/admin/audit-log?action=credits.deduct&target_id=${user.id}`).set('Authorization', admin.auth);
    expect(log.body.data.items).toHaveLength(1);
    expect(log.body.data.items[0]).toMatchObject({ action: 'credits.deduct', reason: '误发回收', details: { amount: 30 } });
  });

  it('disables an account: its tokens stop working and it cannot sign in; enabling lets it sign in again', async () => {
    const victim = await signUp();
    const noReason = await http(app).post(`/api/v1/admin/users/${victim.id}/disable`).set('Authorization', admin.auth).send({});
    expect(noReason.status).toBe(400);
    expect((await http(app).get('/api/v1/users/me').set('Authorization', victim.auth)).status).toBe(200);

    const res = await http(app).post(`/api/v1/admin/users/${victim.id}/disable`).set('Authorization', admin.auth).send({ reason: '批量刷单' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: victim.id, disabled: true });
    const db = await dataSource(app);
    expect((await db.getRepository(User).findOneByOrFail({ id: victim.id })).tokenVersion).toBe(1);
    const me = await http(app).get('/api/v1/users/me').set('Authorization', victim.auth);
    expect(me.status).toBe(401);
    const sticker = await http(app).post('/api/v1/stickers').set('Authorization', victim.auth).send({ kind: 'text', prompt: '猫' });
    expect(sticker.status).toBe(401);
    const login = await http(app).post('/api/v1/users/login').field('phone', victim.phone).field('password', PASSWORD);
    expect(login.status).toBe(401);
    // disabling twice changes nothing and writes no second record
    await http(app).post(`/api/v1/admin/users/${victim.id}/disable`).set('Authorization', admin.auth).send({ reason: '再次' }).expect(200);
    expect((await db.getRepository(User).findOneByOrFail({ id: victim.id })).tokenVersion).toBe(1);

    const self = await http(app).post(`/api/v1/admin/users/${admin.id}/disable`).set('Authorization', admin.auth).send({ reason: '手滑' });
    expect(self.status).toBe(400);

    const en = await http(app).post(`/api/v1/admin/users/${victim.id}/enable`).set('Authorization', admin.auth).send({ reason: '申诉通过' });
    expect(en.status).toBe(200);
    expect(en.body.data.disabled).toBe(false);
    expect((await http(app).get('/api/v1/users/me').set('Authorization', victim.auth)).status).toBe(401); // old token stays dead
    const relogin = await http(app).post('/api/v1/users/login').field('phone', victim.phone).field('password', PASSWORD);
    expect(relogin.status).toBe(200);

    const log = await http(app).get(`/api/v1/admin/audit-log?target_type=user&target_id=${victim.id}`).set('Authorization', admin.auth);
    expect(log.body.data.items.map((a: { action: string; reason: string }) => [a.action, a.reason])).toEqual([
      ['user.enable', '申诉通过'],
      ['user.disable', '批量刷单'],
    ]);
    const byAdmin = await http(app).get(`/api/v1/admin/audit-log?actor_id=${admin.id}&page_size=2&page=1`).set('Authorization', admin.auth);
    expect(byAdmin.body.data).toMatchObject({ page: 1, pageSize: 2 });
    expect(byAdmin.body.data.total).toBeGreaterThanOrEqual(4);
    expect((await http(app).get('/api/v1/admin/audit-log?action=nope').set('Authorization', admin.auth)).status).toBe(400);
  });

  it('runs the ledger audit', async () => {
    const res = await http(app).get('/api/v1/admin/ledger-audit').set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ ok: true, mismatches: [], badHolds: [], badLots: [] });
    expect(res.body.data.entries).toBeGreaterThanOrEqual(4);
  });
});
