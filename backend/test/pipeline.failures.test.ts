import { App, dataSource, http, startApp, stopApp } from './support/app';
import { credits, events, expectLedgerClean, pipelineEnv, queryUntilDone, signUp, taskStatusBecomes, waitFor } from './support/pipeline';

/** Every way a generation can fail gives the credits back, and says why in Chinese. */
describe('pipeline: failures refund the hold', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ TASK_TIMEOUT_SECONDS: '4' }));
  });
  afterEach(() => expectLedgerClean(app));
  afterAll(async () => {
    await stopApp(app);
  });

  async function create(auth: string, prompt: string) {
    const r = await http(app).post('/api/v1/video/create').set('Authorization', auth).field('type', 'text_to_video').field('prompt', prompt);
    expect(r.status).toBe(200);
    return r.body.data.job_id as string;
  }

  it('provider FAILED → FAILED with a Chinese reason, credits back', async () => {
    const u = await signUp(app);
    const jobId = await create(u.auth, '会失败的猫 [sim:fail]');
    const done = await queryUntilDone(app, u.auth, jobId);
    expect(done.data.status).toBe('FAILED');
    expect(done.data.error_message).toMatch(/积分已退回/);
    // the provider failed, not the prompt: the user is not told to rewrite it
    expect(done.data.error_message).toContain('表情');
    expect(done.data.error_message).not.toMatch(/换个描述|修改描述|视频/);
    expect(done.data.video_url).toBeUndefined();
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
    const tx = await http(app).get('/api/v1/credits/transactions').set('Authorization', u.auth);
    expect(tx.body.data.items.map((e: { type: string }) => e.type).slice(0, 2)).toEqual(['release', 'freeze']);
  });

  it('a moderation rejection maps to the content message, never the raw provider error', async () => {
    const u = await signUp(app);
    const jobId = await create(u.auth, '违规内容 [sim:reject]');
    const done = await queryUntilDone(app, u.auth, jobId);
    expect(done.data.status).toBe('FAILED');
    expect(done.data.error_message).toContain('安全审核');
    expect(done.data.error_message).not.toMatch(/DataInspection/i);
    const detail = await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', u.auth);
    expect(detail.body.data.errorMessage).toContain('安全审核');
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
  });

  it('provider UNKNOWN → FAILED, credits back', async () => {
    const u = await signUp(app);
    const jobId = await create(u.auth, '丢失的任务 [sim:unknown]');
    const done = await queryUntilDone(app, u.auth, jobId);
    expect(done.data.status).toBe('FAILED');
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
  });

  it('a task that never finishes times out, credits back', async () => {
    const u = await signUp(app);
    const jobId = await create(u.auth, '永远在路上 [sim:slow]');
    const status = await taskStatusBecomes(app, jobId, ['FAILED'], 20000);
    expect(status).toBe('FAILED');
    const q = await http(app).get(`/api/v1/video/query/${jobId}`).set('Authorization', u.auth);
    expect(q.body.data.error_message).toContain('超时');
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
  });

  it('a 429 from the provider backs off and retries instead of failing; cancel returns the credits', async () => {
    const u = await signUp(app);
    const jobId = await create(u.auth, '排队中 [sim:429]');
    await waitFor('a retry_later event', async () => (await events(app, jobId)).some(e => e.type === 'retry_later'), 10000);
    const q = await http(app).get(`/api/v1/video/query/${jobId}`).set('Authorization', u.auth);
    expect(q.body.data.status).toBe('PENDING');
    const db = await dataSource(app);
    const [row] = await db.query('SELECT status, attempts, nextAttemptAt FROM task WHERE jobId = ?', [jobId]);
    expect(row.status).toBe('QUEUED');
    expect(row.attempts).toBeGreaterThanOrEqual(1);
    expect(await credits(app, u.auth)).toEqual({ available: 80, frozen: 20 });

    const cancel = await http(app).post(`/api/v1/stickers/${jobId}/cancel`).set('Authorization', u.auth);
    expect(cancel.status).toBe(200);
    expect(cancel.body.data.status).toBe('CANCELED');
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
    const again = await http(app).post(`/api/v1/stickers/${jobId}/cancel`).set('Authorization', u.auth);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TASK_NOT_CANCELLABLE');
  });

  it('retry makes a new task with a new hold; delete hides a finished one', async () => {
    const u = await signUp(app);
    const failed = await create(u.auth, '先失败 [sim:fail]');
    await queryUntilDone(app, u.auth, failed);
    const retry = await http(app).post(`/api/v1/stickers/${failed}/retry`).set('Authorization', u.auth);
    expect(retry.status).toBe(200);
    expect(retry.body.data.jobId).not.toBe(failed);
    expect(await credits(app, u.auth)).toEqual({ available: 80, frozen: 20 });
    const done = await queryUntilDone(app, u.auth, retry.body.data.jobId);
    expect(done.data.status).toBe('FAILED'); // the prompt still carries the failure marker
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });

    const del = await http(app).delete(`/api/v1/stickers/${failed}`).set('Authorization', u.auth);
    expect(del.status).toBe(200);
    const gone = await http(app).get(`/api/v1/video/query/${failed}`).set('Authorization', u.auth);
    expect(gone.body.data.status).toBe('UNKNOWN');
    const list = await http(app).get('/api/v1/stickers').set('Authorization', u.auth);
    expect(list.body.data.items.map((s: { jobId: string }) => s.jobId)).toEqual([retry.body.data.jobId]);

    const running = await create(u.auth, '还没完成 [sim:slow]');
    const refused = await http(app).delete(`/api/v1/stickers/${running}`).set('Authorization', u.auth);
    expect(refused.status).toBe(409);
    await taskStatusBecomes(app, running, ['FAILED'], 20000);
  });
});
