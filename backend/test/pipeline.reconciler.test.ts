import { App, http, startApp, stopApp } from './support/app';
import { credits, events, expectLedgerClean, pipelineEnv, signUp, taskStatusBecomes } from './support/pipeline';

/** Nobody queries and DashScope sends no callbacks: the reconciler alone finishes the work and settles. */
describe('pipeline: reconciler-only completion and provider concurrency limits', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ DASHSCOPE_MAX_CONCURRENT: '2', SIM_DELAY_MS: '1200', ROUTES_TEXT: 'dashscope' }));
  });
  afterEach(() => expectLedgerClean(app));
  afterAll(async () => {
    await stopApp(app);
  });

  it('finishes five tasks with never more than two at DashScope at once', async () => {
    const u = await signUp(app);
    const jobs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await http(app)
        .post('/api/v1/stickers')
        .set('Authorization', u.auth)
        .send({ kind: 'text', prompt: `并发测试 ${i}` });
      expect(r.status).toBe(200);
      jobs.push(r.body.data.jobId);
    }
    const { dataSource } = await import('./support/app');
    const db = await dataSource(app);
    let maxInFlight = 0;
    let sawQueued = false;
    const sampler = setInterval(async () => {
      const rows: Array<{ status: string }> = await db.query(`SELECT status FROM task WHERE jobId IN (${jobs.map(() => '?').join(',')})`, jobs);
      maxInFlight = Math.max(maxInFlight, rows.filter(r => r.status === 'PENDING' || r.status === 'RUNNING').length);
      if (rows.some(r => r.status === 'QUEUED')) sawQueued = true;
    }, 50);
    try {
      for (const jobId of jobs) expect(await taskStatusBecomes(app, jobId, ['SUCCEEDED', 'FAILED'], 60000)).toBe('SUCCEEDED');
    } finally {
      clearInterval(sampler);
    }
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBeGreaterThan(0);
    expect(sawQueued).toBe(true);
    const ev = await events(app, jobs[0]!);
    expect(ev.filter(e => e.source === 'query')).toHaveLength(0);
    expect(ev.some(e => e.source === 'reconciler' && e.type === 'provider_status')).toBe(true);
    expect(await credits(app, u.auth)).toEqual({ available: 0, frozen: 0 });
  });
});
