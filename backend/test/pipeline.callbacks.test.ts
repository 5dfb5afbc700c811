import { createHmac } from 'crypto';
import { SimulatorService } from '../src/service/pipeline/simulator.service';
import { App, dataSource, http, startApp, stopApp } from './support/app';
import { credits, expectLedgerClean, pipelineEnv, signUp, taskStatusBecomes, waitFor } from './support/pipeline';

/**
 * kie only, no polling (poll interval of an hour): the task can only complete through kie's callback to
 * our signed URL. Forged, expired, mismatched and replayed callbacks change nothing.
 */
describe('pipeline: provider callbacks', () => {
  let app: App;
  const secret = 'test-callback-secret-0123456789';
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ ROUTES_TEXT: 'kie', PIPELINE_POLL_SECONDS: '3600', CALLBACK_HMAC_SECRET: secret }));
  });
  afterEach(() => expectLedgerClean(app));
  afterAll(async () => {
    await stopApp(app);
  });

  const sim = async () => (await app.getApplicationContext().getAsync(SimulatorService)).simulator!;
  const sign = (provider: string, jobId: string, ts: string) => createHmac('sha256', secret).update(`${provider}:${jobId}:${ts}`).digest('hex');

  it('completes a task through the signed callback alone, and a replay changes nothing', async () => {
    const u = await signUp(app);
    const r = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '回调完成的猫' });
    const jobId = r.body.data.jobId as string;
    await taskStatusBecomes(app, jobId, ['SUCCEEDED']);
    const s = await sim();
    const delivered = s.callbacks.find(c => c.url.includes(jobId) && c.status === 200);
    expect(delivered).toBeDefined();
    expect(new URL(delivered!.url).pathname).toBe('/api/v1/callbacks/kie');
    expect(await credits(app, u.auth)).toEqual({ available: 80, frozen: 0 });

    // replay the exact delivery: accepted (2xx so the provider stops retrying) but nothing moves twice
    const replay = await fetch(delivered!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivered!.body) });
    expect(replay.status).toBe(200);
    await new Promise(res => setTimeout(res, 300));
    expect(await credits(app, u.auth)).toEqual({ available: 80, frozen: 0 });
    const db = await dataSource(app);
    const settles = await db.query(`SELECT COUNT(*) AS n FROM credit_entry WHERE type = 'settle' AND referenceId = ?`, [jobId]);
    expect(Number(settles[0].n)).toBe(1);
  });

  it('refuses forged, expired and mismatched callbacks without changing the task', async () => {
    const u = await signUp(app);
    const r = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '还在生成 [sim:slow]' });
    const jobId = r.body.data.jobId as string;
    const db = await dataSource(app);
    const row = await waitFor('submission', async () => {
      const [t] = await db.query('SELECT status, providerTaskId FROM task WHERE jobId = ?', [jobId]);
      return t?.providerTaskId ? t : undefined;
    });
    const successBody = {
      code: 200,
      msg: 'success',
      data: { taskId: row.providerTaskId, state: 'success', resultJson: JSON.stringify({ resultUrls: ['http://127.0.0.1:9/x.mp4'] }) },
    };
    const post = (query: string, body: unknown = successBody) =>
      http(app)
        .post(`/api/v1/callbacks/kie?${query}`)
        .send(body as object);
    const now = String(Date.now());

    const forged = await post(`task=${jobId}&ts=${now}&sig=${'0'.repeat(64)}`);
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('CALLBACK_INVALID');
    const missing = await post(`task=${jobId}`);
    expect(missing.status).toBe(401);
    const old = String(Date.now() - 25 * 3600 * 1000);
    const expired = await post(`task=${jobId}&ts=${old}&sig=${sign('kie', jobId, old)}`);
    expect(expired.status).toBe(401);
    const wrongProvider = await http(app)
      .post(`/api/v1/callbacks/evolink?task=${jobId}&ts=${now}&sig=${sign('evolink', jobId, now)}`)
      .send({ id: row.providerTaskId, status: 'completed', results: ['http://x/y.mp4'] });
    expect(wrongProvider.status).toBe(400);
    const otherTask = await post(`task=${jobId}&ts=${now}&sig=${sign('kie', jobId, now)}`, {
      ...successBody,
      data: { ...successBody.data, taskId: 'someone-elses-task' },
    });
    expect(otherTask.status).toBe(400);
    const garbage = await post(`task=${jobId}&ts=${now}&sig=${sign('kie', jobId, now)}`, { hello: 'world' });
    expect(garbage.status).toBe(400);

    await new Promise(res => setTimeout(res, 300));
    const [after] = await db.query('SELECT status FROM task WHERE jobId = ?', [jobId]);
    expect(['PENDING', 'RUNNING']).toContain(after.status);
    expect(await credits(app, u.auth)).toEqual({ available: 80, frozen: 20 });
    await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', u.auth).expect(200);
  });
});
