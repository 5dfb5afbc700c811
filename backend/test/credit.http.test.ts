import { CREDIT_PACKAGES } from '@app/shared';
import { App, freshPhone, http, startApp, stopApp } from './support/app';
import { Ledger, ledgerOf, ref } from './support/credit-fixtures';
import { ErrorFilter } from '../src/filter/error.filter';

describe('credits HTTP API', () => {
  let app: App;
  let l: Ledger;
  beforeAll(async () => {
    app = await startApp({ CREDIT_EXPIRY_BONUS_DAYS: '7' });
    l = await ledgerOf(app);
  });
  afterAll(() => stopApp(app));

  async function signUp(): Promise<{ userId: number; auth: string }> {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const token = (await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123')).body.data.token as string;
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
    return { userId: me.body.data.id as number, auth: `Bearer ${token}` };
  }

  it('needs a token for the summary and the history, not for the packages', async () => {
    for (const path of ['/api/v1/credits', '/api/v1/credits/transactions']) {
      const res = await http(app).get(path);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHORIZED', message: expect.any(String), requestId: expect.any(String) });
    }
    const pk = await http(app).get('/api/v1/credits/packages');
    expect(pk.status).toBe(200);
    expect(pk.body).toEqual({
      code: 'OK',
      message: 'ok',
      requestId: expect.any(String),
      data: { packages: CREDIT_PACKAGES, prices: { text: 20, image: 25, web_search: 25 }, signupBonus: 100, expiryDays: { purchase: 90, bonus: 7, grant: 0 } },
    });
  });

  it('GET /api/v1/credits: the summary of a new account (bonus with the configured 7-day expiry)', async () => {
    const { auth } = await signUp();
    const res = await http(app).get('/api/v1/credits').set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe('OK');
    expect(res.body.data).toEqual({
      available: 100,
      frozen: 0,
      balance: 100,
      totalEarned: 100,
      totalSpent: 0,
      soonestExpiry: expect.any(String),
      soonestExpiryAmount: 100,
    });
    const days = (Date.parse(res.body.data.soonestExpiry) - Date.now()) / 86400000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('GET /api/v1/credits/transactions: newest first, paged, filtered by type', async () => {
    const { userId, auth } = await signUp();
    const t1 = ref('task');
    const t2 = ref('task');
    await l.credits.freeze(userId, 20, t1, '文字表情：猫');
    await l.credits.settle(t1);
    await l.credits.freeze(userId, 25, t2, '图生表情');
    await l.credits.release(t2, '生成失败，积分已退回');
    // bonus, freeze, settle, freeze, release
    const p1 = await http(app).get('/api/v1/credits/transactions?page=1&page_size=2').set('Authorization', auth);
    expect(p1.status).toBe(200);
    expect(p1.body.data).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(p1.body.data.items.map((e: { type: string }) => e.type)).toEqual(['release', 'freeze']);
    expect(p1.body.data.items[0]).toEqual({
      id: expect.any(Number),
      type: 'release',
      amount: 0,
      balanceBefore: 80,
      balanceAfter: 80,
      availableBefore: 55,
      availableAfter: 80,
      referenceType: 'task',
      referenceId: t2,
      description: '生成失败，积分已退回',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expiresAt: null,
    });
    const p3 = await http(app).get('/api/v1/credits/transactions?page=3&page_size=2').set('Authorization', auth);
    expect(p3.body.data.items.map((e: { type: string }) => e.type)).toEqual(['bonus']);
    expect(p3.body.data.items[0]).toMatchObject({ amount: 100, referenceType: 'promo', expiresAt: expect.any(String) });
    const beyond = await http(app).get('/api/v1/credits/transactions?page=9').set('Authorization', auth);
    expect(beyond.body.data).toMatchObject({ total: 5, items: [] });

    const settles = await http(app).get('/api/v1/credits/transactions?type=settle').set('Authorization', auth);
    expect(settles.body.data.total).toBe(1);
    expect(settles.body.data.items[0]).toMatchObject({ type: 'settle', amount: -20, referenceId: t1, description: '文字表情：猫' });
    const two = await http(app).get('/api/v1/credits/transactions?type=freeze,bonus').set('Authorization', auth);
    expect(two.body.data.items.map((e: { type: string }) => e.type)).toEqual(['freeze', 'freeze', 'bonus']);
    const defaults = await http(app).get('/api/v1/credits/transactions').set('Authorization', auth);
    expect(defaults.body.data).toMatchObject({ page: 1, pageSize: 20, total: 5 });
  });

  it('rejects bad paging and unknown types with 400', async () => {
    const { auth } = await signUp();
    for (const q of ['page=0', 'page=abc', 'page_size=101', 'page_size=0', 'page=1.5', 'type=spent', 'type=freeze,nope']) {
      const res = await http(app).get(`/api/v1/credits/transactions?${q}`).set('Authorization', auth);
      expect([q, res.status, res.body.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
  });

  it('shows only the caller’s own entries', async () => {
    const a = await signUp();
    const b = await signUp();
    await l.credits.grant(b.userId, 5, 1, '补偿');
    const res = await http(app).get('/api/v1/credits/transactions').set('Authorization', a.auth);
    expect(res.body.data.total).toBe(1);
  });

  it('a freeze the account cannot afford answers 402 with needed and available in the app envelope', async () => {
    const { userId } = await signUp();
    const err = await l.credits.freeze(userId, 120, ref('task'), 'x').catch((e: Error) => e);
    const ctx = app.createAnonymousContext();
    ctx.path = '/api/v1/stickers';
    ctx.requestId = 'req-test-1';
    const filter = await app.getApplicationContext().getAsync(ErrorFilter);
    const body = await filter.catch(err as Error, ctx);
    expect(ctx.status).toBe(402);
    expect(body).toEqual({
      code: 'INSUFFICIENT_CREDITS',
      message: '积分不足：需要 120 积分，当前可用 100 积分',
      requestId: 'req-test-1',
      details: { needed: 120, available: 100 },
    });
  });
});
