import type { AdminDashboard, ProviderStats } from '@app/shared';
import { In } from 'typeorm';
import { Task } from '../../src/entity/task.entity';
import { User } from '../../src/entity/user.entity';
import { dayOf, dayStart, median } from '../../src/service/admin/admin-stats.service';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';
import { ownPort } from './seed';
import { promoteToAdmin } from '../support/rows';
import { insertEvent, insertTask } from './seed';

const PASSWORD = 'secret123';
const DAY = 24 * 3600 * 1000;
const MIN = 60 * 1000;

describe('admin API: dashboard, provider errors, ledger audit', () => {
  let app: App;
  const adminPhone = freshPhone();
  let auth: string;

  async function signUp(phone = freshPhone()) {
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', PASSWORD).expect(200);
    const login = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', PASSWORD);
    const token = login.body.data.token as string;
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
    return { id: me.body.data.id as number, auth: `Bearer ${token}` };
  }
  const dashboard = async (): Promise<AdminDashboard> => {
    const res = await http(app).get('/api/v1/admin/stats/dashboard').set('Authorization', auth);
    expect(res.status).toBe(200);
    return res.body.data;
  };
  const provider = (d: AdminDashboard, name: string) => d.providers.find(p => p.provider === name) as ProviderStats;

  beforeAll(async () => {
    app = await startApp({ DASHSCOPE_MAX_CONCURRENT: '3', PIPELINE_WORKER: 'false', ...(await ownPort()) });
    const a = await signUp(adminPhone);
    await promoteToAdmin(app, a.id);
    auth = a.auth;
  });
  afterAll(() => stopApp(app));

  it('days are China-time calendar days; medians of odd and even samples', () => {
    expect(dayOf(new Date('2025-03-01T15:59:59Z'))).toBe('2025-03-01');
    expect(dayOf(new Date('2025-03-01T16:00:00Z'))).toBe('2025-03-02');
    expect(dayStart('2025-03-02').toISOString()).toBe('2025-03-01T16:00:00.000Z');
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('counts users, stickers per day by status, providers, credits per day and load against the limits', async () => {
    const before = await dashboard();
    expect(before.days).toBe(30);
    expect(before.stickersPerDay).toHaveLength(30);
    expect(before.creditsPerDay).toHaveLength(30);
    expect(before.stickersPerDay[29]!.date).toBe(dayOf(new Date()));
    expect(before.load.map(l => l.provider).sort()).toEqual(['dashscope', 'evolink', 'kie']);
    expect(before.load.find(l => l.provider === 'dashscope')).toMatchObject({ maxConcurrent: 3, simulated: true });

    const db = await dataSource(app);
    const u = await signUp(); // +1 user today, +100 bonus credits today
    const now = Math.floor(Date.now() / 1000) * 1000; // whole seconds: MariaDB's DATETIME rounds milliseconds away
    const fiveDaysAgo = new Date(now - 5 * DAY);
    // kie: 3 succeeded (2, 4 and 9 minutes), 1 failed, 5 days ago
    for (const minutes of [2, 4, 9]) {
      await insertTask(db, {
        userId: u.id,
        status: 'SUCCEEDED',
        provider: 'kie',
        createdAt: fiveDaysAgo,
        submittedAt: new Date(fiveDaysAgo.getTime() + 10000),
        providerDoneAt: new Date(fiveDaysAgo.getTime() + minutes * MIN - 10000),
        finishedAt: new Date(fiveDaysAgo.getTime() + minutes * MIN),
      });
    }
    await insertTask(db, { userId: u.id, status: 'FAILED', provider: 'kie', createdAt: fiveDaysAgo, finishedAt: fiveDaysAgo });
    const running = await insertTask(db, { userId: u.id, status: 'RUNNING', provider: 'dashscope' });
    const queued = await insertTask(db, { userId: u.id, status: 'QUEUED', provider: null });
    await insertTask(db, { userId: u.id, status: 'SUCCEEDED', provider: 'kie', createdAt: new Date(now - 40 * DAY), finishedAt: new Date(now - 40 * DAY) }); // outside the window
    await http(app).post(`/api/v1/admin/users/${u.id}/grant`).set('Authorization', auth).send({ amount: 70, reason: '活动' }).expect(200);

    const after = await dashboard();
    expect(after.users.total - before.users.total).toBe(1);
    expect(after.users.newToday - before.users.newToday).toBe(1);
    expect(after.users.admins).toBeGreaterThanOrEqual(1);
    const idx = after.stickersPerDay.findIndex(d => d.date === dayOf(fiveDaysAgo));
    expect(idx).toBe(24);
    const b5 = before.stickersPerDay[idx]!;
    const a5 = after.stickersPerDay[idx]!;
    expect(a5.total - b5.total).toBe(4);
    expect((a5.byStatus.SUCCEEDED ?? 0) - (b5.byStatus.SUCCEEDED ?? 0)).toBe(3);
    expect((a5.byStatus.FAILED ?? 0) - (b5.byStatus.FAILED ?? 0)).toBe(1);
    const today = after.stickersPerDay[29]!;
    expect(today.total - before.stickersPerDay[29]!.total).toBe(2);

    const kieBefore = provider(before, 'kie');
    const kie = provider(after, 'kie');
    expect(kie.succeeded - kieBefore.succeeded).toBe(3);
    expect(kie.failed - kieBefore.failed).toBe(1);
    if (kieBefore.succeeded + kieBefore.failed === 0) {
      // a fresh database (SQLite): exact figures
      expect(kie).toEqual({ provider: 'kie', succeeded: 3, failed: 1, successRate: 0.75, medianTotalSeconds: 240, medianProviderSeconds: 220 });
    }

    const c0 = after.creditsPerDay[29]!;
    expect(c0.granted - before.creditsPerDay[29]!.granted).toBe(170);
    expect(after.signupsPerDay[29]!.count - before.signupsPerDay[29]!.count).toBe(1);

    const ds = after.load.find(l => l.provider === 'dashscope')!;
    expect(ds.inFlight - before.load.find(l => l.provider === 'dashscope')!.inFlight).toBe(1);
    expect(after.queued - before.queued).toBe(1);
    // leave nothing in flight for the pipeline (or other test files on a shared database)
    await db.getRepository(Task).update({ id: In([running.id, queued.id]) }, { status: 'FAILED' });

    const ninety = await http(app).get('/api/v1/admin/stats/dashboard?days=90').set('Authorization', auth);
    expect(ninety.body.data.stickersPerDay).toHaveLength(90);
    expect((await http(app).get('/api/v1/admin/stats/dashboard?days=1000').set('Authorization', auth)).status).toBe(400);
  });

  it('lists recent provider errors (failed, retry_later, failover), newest first, paged and by provider', async () => {
    const db = await dataSource(app);
    const u = await signUp();
    const t = await insertTask(db, { userId: u.id, status: 'FAILED', provider: 'evolink' });
    await insertEvent(db, t.id, 'retry_later', { provider: 'dashscope', kind: 'rate_limited', message: 'HTTP 429 Throttling', waitSeconds: 4 });
    await insertEvent(db, t.id, 'failover', { provider: 'dashscope', kind: 'retryable', message: 'HTTP 500 InternalError', nextRoute: 1 });
    await insertEvent(db, t.id, 'provider_status', { state: 'RUNNING' }, 'reconciler'); // not an error
    await insertEvent(
      db,
      t.id,
      'failed',
      { code: 'GENERATION_FAILED', message: '视频生成失败', providerError: 'evolink: content_policy_violation blocked' },
      'callback',
    );
    await insertEvent(db, t.id, 'failed', { code: 'GENERATION_FAILED', message: '客服终止', providerError: 'admin 1: stuck' }, 'admin'); // an operator's, not a provider's

    const res = await http(app).get('/api/v1/admin/stats/errors?page=1&page_size=3').set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.data.total).toBeGreaterThanOrEqual(3);
    expect(res.body.data.items).toEqual([
      {
        eventId: expect.any(Number),
        jobId: t.jobId,
        type: 'failed',
        source: 'callback',
        provider: 'evolink',
        message: 'evolink: content_policy_violation blocked',
        createdAt: expect.any(String),
      },
      {
        eventId: expect.any(Number),
        jobId: t.jobId,
        type: 'failover',
        source: 'dispatcher',
        provider: 'dashscope',
        message: 'HTTP 500 InternalError',
        createdAt: expect.any(String),
      },
      {
        eventId: expect.any(Number),
        jobId: t.jobId,
        type: 'retry_later',
        source: 'dispatcher',
        provider: 'dashscope',
        message: 'HTTP 429 Throttling',
        createdAt: expect.any(String),
      },
    ]);
    const evo = await http(app).get('/api/v1/admin/stats/errors?provider=evolink&page_size=1').set('Authorization', auth);
    expect(evo.body.data.items[0]).toMatchObject({ jobId: t.jobId, provider: 'evolink' });
    expect((await http(app).get('/api/v1/admin/stats/errors?provider=%27%20OR%201').set('Authorization', auth)).status).toBe(400);
  });

  it('the ledger audit shows a mismatch when a cached balance disagrees with the entries', async () => {
    const clean = await http(app).get('/api/v1/admin/ledger-audit').set('Authorization', auth);
    expect(clean.body.data.ok).toBe(true);
    const db = await dataSource(app);
    const users = db.getRepository(User);
    const victim = await signUp();
    await users.update({ id: victim.id }, { credits: 999 });
    try {
      const res = await http(app).get('/api/v1/admin/ledger-audit').set('Authorization', auth);
      expect(res.status).toBe(200);
      expect(res.body.data.ok).toBe(false);
      expect(res.body.data.mismatches).toContainEqual(expect.objectContaining({ userId: victim.id, field: 'available', cached: 999, computed: 100 }));
    } finally {
      await users.update({ id: victim.id }, { credits: 100 });
    }
  });
});
