import { App, freshPhone, http, startApp, stopApp } from '../support/app';
import { credits, expectLedgerClean, pipelineEnv } from '../support/pipeline';
import { Account, rowCounts, settleTasks } from '../support/rows';

/** Abuse limits: 429 RATE_LIMITED with Retry-After, before anything is written or frozen. */
describe('abuse limits', () => {
  let app: App;

  beforeAll(async () => {
    // the worker is off so tasks stay QUEUED (active) until canceled; X-Forwarded-For gives each test its own IP
    app = await startApp(
      await pipelineEnv({
        PIPELINE_WORKER: 'false',
        USER_MAX_ACTIVE_TASKS: '2',
        USER_CREATES_PER_MINUTE: '6',
        AUTH_PER_IP_PER_MINUTE: '5',
        TRUST_PROXY: 'true',
      }),
    );
  });
  const accounts: Account[] = [];
  afterAll(async () => {
    await settleTasks(app, accounts);
    await expectLedgerClean(app);
    await stopApp(app);
  });

  let ipSeq = 0;
  const ip = () => `10.1.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
  const account = async () => {
    // sign-ups come from their own addresses so the per-IP limit below is not used up
    const phone = freshPhone();
    const from = ip();
    await http(app).post('/api/v1/users/register').set('X-Forwarded-For', from).field('phone', phone).field('password', 'secret123').expect(200);
    const login = await http(app).post('/api/v1/users/login').set('X-Forwarded-For', from).field('phone', phone).field('password', 'secret123').expect(200);
    const token = login.body.data.token as string;
    const a: Account = { id: 0, phone, token, auth: `Bearer ${token}` };
    accounts.push(a);
    return a;
  };
  const create = (u: Account, prompt = '一只猫') => http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt });
  const cancel = (u: Account, jobId: string) => http(app).post(`/api/v1/stickers/${jobId}/cancel`).set('Authorization', u.auth).expect(200);

  it('at most USER_MAX_ACTIVE_TASKS unfinished tasks per user; the refused one writes and freezes nothing', async () => {
    const u = await account();
    const a = await create(u);
    const b = await create(u);
    expect([a.status, b.status]).toEqual([200, 200]);
    const before = await rowCounts(app);
    const c = await create(u);
    expect(c.status).toBe(429);
    expect(c.body.code).toBe('RATE_LIMITED');
    expect(c.body.message).toContain('同时最多生成 2 个');
    expect(Number(c.headers['retry-after'])).toBeGreaterThan(0);
    const legacy = await http(app).post('/api/v1/video/create').set('Authorization', u.auth).field('type', 'text_to_video').field('prompt', '猫');
    expect(legacy.status).toBe(429);
    expect(legacy.body.code).toBe('RATE_LIMITED');
    expect(await rowCounts(app)).toEqual(before);
    expect(await credits(app, u.auth)).toEqual({ available: 60, frozen: 40 });
    await cancel(u, a.body.data.jobId);
    expect((await create(u)).status).toBe(200); // a slot freed
  });

  it('concurrent creations cannot overshoot the active-task cap', async () => {
    const u = await account();
    const all = await Promise.all([1, 2, 3, 4, 5].map(i => create(u, `并发 ${i}`)));
    expect(all.filter(r => r.status === 200)).toHaveLength(2);
    expect(all.filter(r => r.status === 429)).toHaveLength(3);
    expect(await credits(app, u.auth)).toEqual({ available: 60, frozen: 40 });
  });

  it('at most USER_CREATES_PER_MINUTE creations per user per minute', async () => {
    const u = await account();
    for (let i = 0; i < 6; i++) {
      const r = await create(u, `第 ${i} 个`);
      expect(r.status).toBe(200);
      await cancel(u, r.body.data.jobId);
    }
    const before = await rowCounts(app);
    const over = await create(u, '第 7 个');
    expect(over.status).toBe(429);
    expect(over.body.message).toContain('创建太频繁');
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await rowCounts(app)).toEqual(before);
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
  });

  it('sign-in endpoints share a per-IP budget: register, login, SMS login', async () => {
    const from = '10.250.0.1';
    const phone = freshPhone();
    const hits = [
      http(app).post('/api/v1/users/login').set('X-Forwarded-For', from).send({ phone, password: 'wrongpass1' }),
      http(app).post('/api/v1/users/register').set('X-Forwarded-For', from).send({ phone: '123', password: 'secret123' }),
      http(app).post('/api/v1/auth/sms/login').set('X-Forwarded-For', from).send({ phone, code: '000000' }),
      http(app).post('/api/v1/users/login').set('X-Forwarded-For', from).send({ phone, password: 'wrongpass1' }),
      http(app).post('/api/v1/auth/sms/login').set('X-Forwarded-For', from).send({ phone, code: '000000' }),
    ];
    for (const h of hits) expect((await h).status).toBeLessThan(429);
    const before = await rowCounts(app);
    const reg = await http(app).post('/api/v1/users/register').set('X-Forwarded-For', from).send({ phone, password: 'secret123' });
    expect(reg.status).toBe(429);
    expect(reg.body).toEqual({ code: 1, message: expect.stringContaining('频繁') }); // seed 001 envelope
    expect(Number(reg.headers['retry-after'])).toBeGreaterThan(0);
    const sms = await http(app).post('/api/v1/auth/sms/login').set('X-Forwarded-For', from).send({ phone, code: '000000' });
    expect(sms.status).toBe(429);
    expect(sms.body.code).toBe('RATE_LIMITED');
    expect(await rowCounts(app)).toEqual(before); // the account was not created
    // another address is unaffected
    expect((await http(app).post('/api/v1/users/register').set('X-Forwarded-For', '10.250.0.2').send({ phone, password: 'secret123' })).status).toBe(200);
  });

  it('SMS sends stay at 5 per IP per minute (seed 004)', async () => {
    const from = '10.251.0.1';
    for (let i = 0; i < 5; i++) {
      expect((await http(app).post('/api/v1/auth/sms/send').set('X-Forwarded-For', from).send({ phone: freshPhone() })).status).toBe(200);
    }
    const over = await http(app).post('/api/v1/auth/sms/send').set('X-Forwarded-For', from).send({ phone: freshPhone() });
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });
});
