import { App, freshPhone, http, startApp, stopApp } from './support/app';
import { OpenApiChecker } from './support/openapi';

/**
 * Issue 11: real answers of seed 001's form API (successes and each family's error envelope) and the main app
 * routes match the response schemas the OpenAPI document declares. The other families: test/openapi/*.test.ts.
 */
describe('real responses match their OpenAPI schemas', () => {
  let app: App;
  let api: OpenApiChecker;
  beforeAll(async () => {
    app = await startApp();
    api = await OpenApiChecker.load(app);
  });
  afterAll(() => stopApp(app));

  it('seed 001: register, login, change-password, create, create_with_prompt, query (found and unknown)', async () => {
    const phone = freshPhone();
    api.conforms(await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123'), 'POST', '/api/v1/users/register');
    const login = api.conforms(await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123'), 'POST', '/api/v1/users/login');
    const auth = { Authorization: `Bearer ${login.body.data.token}` };

    const created = await http(app)
      .post('/api/v1/video/create')
      .set(auth)
      .field('type', 'text_to_video')
      .field('prompt', '一只猫在跳舞')
      .field('size', '624*624');
    api.conforms(created, 'POST', '/api/v1/video/create');
    api.conforms(
      await http(app).post('/api/v1/video/create_with_prompt').set(auth).field('role', '孙悟空').field('action', '跳舞'),
      'POST',
      '/api/v1/video/create_with_prompt',
    );
    const query = await http(app).get(`/api/v1/video/query/${created.body.data.job_id}`).set(auth);
    expect(query.status).toBe(200);
    api.conforms(query, 'GET', '/api/v1/video/query/{job_id}');
    api.conforms(await http(app).get('/api/v1/video/query/job_unknown').set(auth), 'GET', '/api/v1/video/query/{job_id}');

    api.conforms(await http(app).post('/api/v1/users/change-password').set(auth).field('newPassword', 'newsecret456'), 'POST', '/api/v1/users/change-password');
    expect(api.unchecked('seed001')).toEqual([]);
  });

  it('seed 001 errors: each family its own envelope', async () => {
    api.conforms(await http(app).post('/api/v1/users/register').field('phone', '123').field('password', 'secret123'), 'POST', '/api/v1/users/register');
    api.conforms(await http(app).post('/api/v1/users/change-password').field('newPassword', 'x'), 'POST', '/api/v1/users/change-password');
    api.conforms(await http(app).post('/api/v1/video/create').field('type', 'text_to_video'), 'POST', '/api/v1/video/create');
    const noToken = api.conforms(await http(app).get('/api/v1/video/query/job_x'), 'GET', '/api/v1/video/query/{job_id}');
    // the schemas are strict enough to tell the families apart
    const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    expect(() => api.matches(schema('AppError'), noToken.body, 'AppError')).toThrow();
    expect(() => api.matches(schema('Seed001UsersError'), noToken.body, 'Seed001UsersError')).toThrow();
    expect(() => api.matches(schema('Seed001LoginOk'), { code: 0, message: 'Login successful' }, 'Seed001LoginOk')).toThrow();
  });

  it('app: users/me, stickers create/list/detail, credits, and the app error envelope', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const token = (await http(app).post('/api/v1/users/login').send({ phone, password: 'secret123' })).body.data.token;
    const auth = { Authorization: `Bearer ${token}` };
    api.conforms(await http(app).get('/api/v1/users/me').set(auth), 'GET', '/api/v1/users/me');
    const sticker = await http(app).post('/api/v1/stickers').set(auth).send({ kind: 'text', prompt: '一只猫在跳舞' });
    expect(sticker.status).toBe(200);
    api.conforms(sticker, 'POST', '/api/v1/stickers');
    api.conforms(await http(app).get('/api/v1/stickers').set(auth), 'GET', '/api/v1/stickers');
    api.conforms(await http(app).get(`/api/v1/stickers/${sticker.body.data.jobId}`).set(auth), 'GET', '/api/v1/stickers/{jobId}');
    api.conforms(await http(app).get('/api/v1/credits').set(auth), 'GET', '/api/v1/credits');
    api.conforms(await http(app).post('/api/v1/stickers').set(auth).send({ kind: 'gif' }), 'POST', '/api/v1/stickers');
    api.conforms(await http(app).get('/api/v1/stickers'), 'GET', '/api/v1/stickers');
  });
});
