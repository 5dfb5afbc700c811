import { startLocalServer, LocalServer } from './support/local-server';
import { App, http, startApp, stopApp } from './support/app';
import { credits, events, expectLedgerClean, pipelineEnv, queryUntilDone, signUp } from './support/pipeline';

/**
 * DashScope (configured with a key, so not simulated) answers 503 on every call; the registry's next route
 * (kie, simulated) takes the task, which then completes through kie's callback.
 */
describe('pipeline: failover to the next route on provider-side errors', () => {
  let app: App;
  let broken: LocalServer;
  beforeAll(async () => {
    broken = await startLocalServer(() => ({ status: 503, json: { code: 'ServiceUnavailable', message: 'overloaded' } }));
    app = await startApp(
      await pipelineEnv({ DASHSCOPE_API_KEY: 'sk-test', DASHSCOPE_BASE_URL: broken.url, ROUTES_TEXT: 'dashscope,kie', PIPELINE_POLL_SECONDS: '3600' }),
    );
  });
  afterEach(() => expectLedgerClean(app));
  afterAll(async () => {
    await stopApp(app);
    await broken.close();
  });

  it('moves a 5xx task to kie and finishes it there', async () => {
    const u = await signUp(app);
    const r = await http(app).post('/api/v1/video/create').set('Authorization', u.auth).field('type', 'text_to_video').field('prompt', '换一家生成');
    const jobId = r.body.data.job_id as string;
    const done = await queryUntilDone(app, u.auth, jobId);
    expect(done.data.status).toBe('SUCCEEDED');
    const ev = await events(app, jobId);
    expect(ev.map(e => e.type)).toEqual(expect.arrayContaining(['failover', 'submitted']));
    const detail = await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', u.auth);
    expect(detail.body.data.provider).toBe('kie');
    expect(broken.received.some(req => req.url.includes('video-synthesis') && req.headers.authorization === 'Bearer sk-test')).toBe(true);
    expect(await credits(app, u.auth)).toEqual({ available: 80, frozen: 0 });
  });
});
