import { SimulatorService } from '../../src/service/pipeline/simulator.service';
import { App, http, startApp, stopApp } from '../support/app';
import { OpenApiChecker } from '../support/openapi';
import { events, pipelineEnv, signUp, waitFor } from '../support/pipeline';
import { pngBytes, settleTasks } from '../support/rows';

/**
 * Issue 11: real answers of the sticker routes, through the simulator-backed pipeline (kie, so its callbacks
 * arrive too): finished, failed, queued and cancelled stickers, uploads, re-captions, the credit ledger, meta.
 */
describe('OpenAPI schemas: stickers, uploads, callbacks, credits, meta', () => {
  let app: App;
  let api: OpenApiChecker;
  let user: { auth: string };
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ ROUTES_TEXT: 'kie', USER_MAX_ACTIVE_TASKS: '6', CALLBACK_HMAC_SECRET: 'test-callback-secret-0123456789' }));
    api = await OpenApiChecker.load(app);
    user = await signUp(app);
  });
  afterAll(async () => {
    await settleTasks(app, [user]);
    await stopApp(app);
  });

  const post = (path: string, body: object = {}) => http(app).post(path).set('Authorization', user.auth).send(body);
  const get = (path: string) => http(app).get(path).set('Authorization', user.auth);
  const create = async (body: object) =>
    api.conforms(await post('/api/v1/stickers', { kind: 'text', ...body }), 'POST', '/api/v1/stickers').body.data.jobId as string;
  const reaches = (jobId: string, status: string) =>
    waitFor(`${jobId} ${status}`, async () => {
      const r = await get(`/api/v1/stickers/${jobId}`);
      return r.body.data.status === status ? r : undefined;
    });

  it('a finished sticker: detail with its files, the list, re-caption, the showcase switch, the provider callback, delete', async () => {
    const jobId = await create({ prompt: '一只猫在跳舞', caption: '收到', captionStyle: { position: 'top', color: 'yellow' } });
    api.conforms(await reaches(jobId, 'SUCCEEDED'), 'GET', '/api/v1/stickers/{jobId}');
    api.conforms(await get('/api/v1/stickers?page_size=5'), 'GET', '/api/v1/stickers');
    const recaptioned = api.conforms(
      await post(`/api/v1/stickers/${jobId}/recaption`, { caption: '好的', captionStyle: { position: 'middle', color: 'red' } }),
      'POST',
      '/api/v1/stickers/{jobId}/recaption',
    );
    expect(recaptioned.status).toBe(200);
    const off = api.conforms(
      await post(`/api/v1/stickers/${jobId}/showcase-permission`, { allowed: false }),
      'POST',
      '/api/v1/stickers/{jobId}/showcase-permission',
    );
    expect(off.body.data.showcaseAllowed).toBe(false);

    // kie's callback to our signed URL, delivered again: accepted, nothing changes
    const sim = (await app.getApplicationContext().getAsync(SimulatorService)).simulator!;
    const delivered = sim.callbacks.find(c => c.url.includes(jobId) && c.status === 200)!;
    const { pathname, search } = new URL(delivered.url);
    api.conforms(
      await http(app)
        .post(`${pathname}${search}`)
        .send(delivered.body as object),
      'POST',
      '/api/v1/callbacks/{provider}',
    );

    api.conforms(await http(app).delete(`/api/v1/stickers/${jobId}`).set('Authorization', user.auth), 'DELETE', '/api/v1/stickers/{jobId}');
    api.conforms(await get(`/api/v1/stickers/${jobId}`), 'GET', '/api/v1/stickers/{jobId}');
  });

  it('a failed sticker and its retry; a queued one cancelled; a web-search and a photo sticker', async () => {
    const failed = await create({ prompt: '失败的猫 [sim:fail]' });
    api.conforms(await reaches(failed, 'FAILED'), 'GET', '/api/v1/stickers/{jobId}');
    const retried = api.conforms(await post(`/api/v1/stickers/${failed}/retry`), 'POST', '/api/v1/stickers/{jobId}/retry');
    expect(retried.status).toBe(200);

    const queued = await create({ prompt: '排队的猫 [sim:429]' });
    await waitFor('a retry_later event', async () => (await events(app, queued)).some(e => e.type === 'retry_later'), 10000);
    const cancelled = api.conforms(await post(`/api/v1/stickers/${queued}/cancel`), 'POST', '/api/v1/stickers/{jobId}/cancel');
    expect(cancelled.body.data.status).toBe('CANCELED');

    await create({ kind: 'web_search', role: '孙悟空', source: '西游记', action: '挥舞金箍棒' });
    const upload = await http(app)
      .post('/api/v1/upload/image')
      .set('Authorization', user.auth)
      .attach('file', pngBytes(), { filename: 'a.png', contentType: 'image/png' });
    api.conforms(upload, 'POST', '/api/v1/upload/image');
    await create({ kind: 'image', imageId: upload.body.data.id, prompt: '挥手' });
    api.conforms(await get('/api/v1/stickers?status=ACTIVE'), 'GET', '/api/v1/stickers');
  });

  it('credits: the summary, the ledger (all and filtered), packages; meta', async () => {
    api.conforms(await get('/api/v1/credits'), 'GET', '/api/v1/credits');
    const ledger = api.conforms(await get('/api/v1/credits/transactions?page_size=50'), 'GET', '/api/v1/credits/transactions');
    expect(ledger.body.data.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['bonus', 'freeze', 'settle', 'release']));
    api.conforms(await get('/api/v1/credits/transactions?type=settle,release'), 'GET', '/api/v1/credits/transactions');
    api.conforms(await get('/api/v1/credits/transactions?type=nonsense'), 'GET', '/api/v1/credits/transactions');
    api.conforms(await http(app).get('/api/v1/credits/packages'), 'GET', '/api/v1/credits/packages');
    api.conforms(await http(app).get('/api/v1/meta'), 'GET', '/api/v1/meta');
  });

  it('every route of these families was checked', () => {
    expect(api.unchecked('stickers')).toEqual([]);
  });
});
