import { App, http, startApp, stopApp } from '../support/app';
import { OpenApiChecker } from '../support/openapi';
import { pipelineEnv, signUp, waitFor } from '../support/pipeline';
import { Account, adminAccount, settleTasks } from '../support/rows';

/**
 * Issue 11: real answers of the admin API (orders aside: test/openapi/payments.test.ts) and of the public faces of
 * what operators curate (the showcase, templates), from stickers made through the simulator pipeline: finished,
 * failed, stuck (marked failed by an operator), and one refused by the word list.
 */
describe('OpenAPI schemas: the admin API, the showcase and templates', () => {
  let app: App;
  let api: OpenApiChecker;
  let admin: Account;
  let user: { auth: string; phone: string };
  const done: string[] = [];
  let failed = '';
  let stuck = '';
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ USER_MAX_ACTIVE_TASKS: '6' }));
    api = await OpenApiChecker.load(app);
    admin = await adminAccount(app);
    user = await signUp(app);
  });
  afterAll(async () => {
    await settleTasks(app, [user]);
    await stopApp(app);
  });

  const as = (auth: string) => ({
    get: (path: string) => http(app).get(path).set('Authorization', auth),
    post: (path: string, body: object = {}) => http(app).post(path).set('Authorization', auth).send(body),
    put: (path: string, body: object) => http(app).put(path).set('Authorization', auth).send(body),
  });
  const op = () => as(admin.auth);
  const status = (jobId: string, wanted: string) =>
    waitFor(`${jobId} ${wanted}`, async () => (await as(user.auth).get(`/api/v1/stickers/${jobId}`)).body.data.status === wanted);

  it('content: the word list (saved, then refusing a sticker), the findings, the pack presets', async () => {
    api.conforms(await op().get('/api/v1/admin/blocked-words'), 'GET', '/api/v1/admin/blocked-words');
    api.conforms(await op().put('/api/v1/admin/blocked-words', { words: ['禁用测试词'], reason: '测试' }), 'PUT', '/api/v1/admin/blocked-words');
    const refused = await as(user.auth).post('/api/v1/stickers', { kind: 'text', prompt: '一个禁用测试词' });
    expect(refused.body.code).toBe('CONTENT_REJECTED');
    const findings = api.conforms(await op().get('/api/v1/admin/content-rejections?action=rejected'), 'GET', '/api/v1/admin/content-rejections');
    expect(findings.body.data.items.length).toBeGreaterThan(0);
    const presets = api.conforms(await op().get('/api/v1/admin/pack-presets'), 'GET', '/api/v1/admin/pack-presets').body.data;
    api.conforms(
      await op().put('/api/v1/admin/pack-presets', { presets: presets.slice(0, 4).reverse(), reason: '调整顺序' }),
      'PUT',
      '/api/v1/admin/pack-presets',
    );
  });

  it('tasks: the list, the detail of finished, failed and stuck ones, retry, mark failed', async () => {
    for (const prompt of ['跳舞的猫', '睡觉的狗'])
      done.push((await as(user.auth).post('/api/v1/stickers', { kind: 'text', prompt, caption: '你好' })).body.data.jobId);
    failed = (await as(user.auth).post('/api/v1/stickers', { kind: 'text', prompt: '失败的猫 [sim:fail]' })).body.data.jobId;
    stuck = (await as(user.auth).post('/api/v1/stickers', { kind: 'text', prompt: '卡住的猫 [sim:slow]' })).body.data.jobId;
    for (const jobId of done) await status(jobId, 'SUCCEEDED');
    await status(failed, 'FAILED');
    await status(stuck, 'RUNNING');

    api.conforms(await op().get('/api/v1/admin/tasks'), 'GET', '/api/v1/admin/tasks');
    api.conforms(await op().get(`/api/v1/admin/tasks?status=FAILED,RUNNING&kind=text&phone=${user.phone}`), 'GET', '/api/v1/admin/tasks');
    for (const jobId of [done[0]!, failed, stuck]) api.conforms(await op().get(`/api/v1/admin/tasks/${jobId}`), 'GET', '/api/v1/admin/tasks/{jobId}');
    const marked = api.conforms(await op().post(`/api/v1/admin/tasks/${stuck}/fail`, { reason: '服务商无响应' }), 'POST', '/api/v1/admin/tasks/{jobId}/fail');
    expect(marked.body.data.status).toBe('FAILED');
    api.conforms(await op().post(`/api/v1/admin/tasks/${stuck}/fail`, { reason: '再来一次' }), 'POST', '/api/v1/admin/tasks/{jobId}/fail');
    const retried = api.conforms(await op().post(`/api/v1/admin/tasks/${failed}/retry`, { reason: '代用户重试' }), 'POST', '/api/v1/admin/tasks/{jobId}/retry');
    expect(retried.status).toBe(200);
    api.conforms(await op().get('/api/v1/admin/stats/errors'), 'GET', '/api/v1/admin/stats/errors');
    api.conforms(await op().get('/api/v1/admin/stats/dashboard?days=7'), 'GET', '/api/v1/admin/stats/dashboard');
  });

  it('the showcase: feature two stickers, reorder, the public list and its 304, take one off', async () => {
    for (const jobId of done)
      api.conforms(await op().post(`/api/v1/admin/tasks/${jobId}/showcase`, { featured: true }), 'POST', '/api/v1/admin/tasks/{jobId}/showcase');
    api.conforms(await op().get('/api/v1/admin/showcase'), 'GET', '/api/v1/admin/showcase');
    api.conforms(await op().post(`/api/v1/admin/showcase/${done[1]}/move`, { direction: 'bottom' }), 'POST', '/api/v1/admin/showcase/{jobId}/move');
    const shown = api.conforms(await http(app).get('/api/v1/showcase'), 'GET', '/api/v1/showcase');
    expect(shown.body.data.items).toHaveLength(2);
    const unchanged = api.conforms(await http(app).get('/api/v1/showcase').set('If-None-Match', shown.headers.etag!), 'GET', '/api/v1/showcase');
    expect(unchanged.status).toBe(304);
    const off = api.conforms(
      await op().post(`/api/v1/admin/tasks/${done[1]}/showcase`, { featured: false, reason: '换一个' }),
      'POST',
      '/api/v1/admin/tasks/{jobId}/showcase',
    );
    expect(off.body.data.position).toBeNull();
  });

  it('templates: create, edit, hide and show, reorder; the public list and one', async () => {
    const created = api.conforms(
      await op().post('/api/v1/admin/templates', { kind: 'text', title: '跳舞的猫', prompt: '一只猫在跳舞', caption: '嗨', exampleJobId: done[0] }),
      'POST',
      '/api/v1/admin/templates',
    );
    const id = created.body.data.id as number;
    api.conforms(
      await op().post('/api/v1/admin/templates', { kind: 'web_search', title: '大圣', role: '孙悟空', source: '西游记', prompt: '挥舞金箍棒' }),
      'POST',
      '/api/v1/admin/templates',
    );
    api.conforms(
      await op().put(`/api/v1/admin/templates/${id}`, {
        kind: 'text',
        title: '跳舞的猫猫',
        prompt: '一只猫在跳舞',
        captionStyle: { position: 'top', color: 'pink' },
        exampleJobId: done[0],
      }),
      'PUT',
      '/api/v1/admin/templates/{id}',
    );
    api.conforms(await op().post(`/api/v1/admin/templates/${id}/visibility`, { hidden: true }), 'POST', '/api/v1/admin/templates/{id}/visibility');
    api.conforms(await op().get(`/api/v1/templates/${id}`), 'GET', '/api/v1/templates/{id}');
    api.conforms(await op().post(`/api/v1/admin/templates/${id}/visibility`, { hidden: false }), 'POST', '/api/v1/admin/templates/{id}/visibility');
    api.conforms(await op().post(`/api/v1/admin/templates/${id}/move`, { direction: 'bottom' }), 'POST', '/api/v1/admin/templates/{id}/move');
    api.conforms(await op().get('/api/v1/admin/templates'), 'GET', '/api/v1/admin/templates');
    api.conforms(await http(app).get('/api/v1/templates'), 'GET', '/api/v1/templates');
    const one = api.conforms(await http(app).get(`/api/v1/templates/${id}`), 'GET', '/api/v1/templates/{id}');
    expect(one.body.data.exampleGifUrl).toEqual(expect.any(String));
  });

  it('users: search, detail, ledger, grant and deduct, disable and enable; the audit log and the ledger audit', async () => {
    const other = await signUp(app);
    const found = api.conforms(await op().get(`/api/v1/admin/users?phone=${other.phone}`), 'GET', '/api/v1/admin/users');
    const id = found.body.data.items[0].id as number;
    api.conforms(await op().get(`/api/v1/admin/users?role=admin`), 'GET', '/api/v1/admin/users');
    api.conforms(
      await op().post(`/api/v1/admin/users/${id}/grant`, { amount: 50, reason: '活动补偿', idempotencyKey: 'openapi-grant-1' }),
      'POST',
      '/api/v1/admin/users/{id}/grant',
    );
    api.conforms(await op().post(`/api/v1/admin/users/${id}/deduct`, { amount: 10, reason: '误发' }), 'POST', '/api/v1/admin/users/{id}/deduct');
    api.conforms(await op().post(`/api/v1/admin/users/${id}/deduct`, { amount: 100000, reason: '太多' }), 'POST', '/api/v1/admin/users/{id}/deduct');
    api.conforms(await op().get(`/api/v1/admin/users/${id}`), 'GET', '/api/v1/admin/users/{id}');
    api.conforms(await op().get(`/api/v1/admin/users/${id}/transactions?type=grant,deduct`), 'GET', '/api/v1/admin/users/{id}/transactions');
    api.conforms(await op().post(`/api/v1/admin/users/${id}/disable`, { reason: '违规' }), 'POST', '/api/v1/admin/users/{id}/disable');
    api.conforms(await op().post(`/api/v1/admin/users/${id}/enable`, { reason: '申诉通过' }), 'POST', '/api/v1/admin/users/{id}/enable');
    api.conforms(await op().get('/api/v1/admin/users/999999999'), 'GET', '/api/v1/admin/users/{id}');

    const log = api.conforms(await op().get('/api/v1/admin/audit-log'), 'GET', '/api/v1/admin/audit-log');
    expect(log.body.data.total).toBeGreaterThan(10);
    api.conforms(await op().get(`/api/v1/admin/audit-log?target_type=user&target_id=${id}`), 'GET', '/api/v1/admin/audit-log');
    const audit = api.conforms(await op().get('/api/v1/admin/ledger-audit'), 'GET', '/api/v1/admin/ledger-audit');
    expect(audit.body.data.ok).toBe(true);
    api.conforms(await as(user.auth).get('/api/v1/admin/ledger-audit'), 'GET', '/api/v1/admin/ledger-audit');
  });

  it('every admin route (orders aside), the showcase and the templates were checked', () => {
    expect(api.unchecked('admin')).toEqual([]);
  });
});
