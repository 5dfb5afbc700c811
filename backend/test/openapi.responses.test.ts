import Ajv from 'ajv';
import { App, freshPhone, http, startApp, stopApp } from './support/app';

/**
 * Issue 11: real answers of the main routes (seed 001's form API and the app's) match the response schemas the
 * OpenAPI document declares for them — successes and the error envelope of each family.
 */
describe('real responses match their OpenAPI schemas', () => {
  let app: App;
  let doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const ajv = new Ajv({ strict: false, allErrors: true });
  beforeAll(async () => {
    app = await startApp();
    doc = (await http(app).get('/openapi.json').expect(200)).body;
    ajv.addSchema({ $id: 'openapi', components: doc.components });
  });
  afterAll(() => stopApp(app));

  /** The schema the document declares for this answer (its status, else the 4XX/5XX range), checked with ajv. */
  function conforms(res: { status: number; body: unknown }, path: string, method: string) {
    const responses = doc.paths[path]?.[method]?.responses;
    expect(responses).toBeDefined();
    const declared = responses[String(res.status)] ?? responses[`${String(res.status)[0]}XX`];
    const schema = declared?.content?.['application/json']?.schema;
    expect([path, method, res.status, schema ? 'declared' : 'missing']).toEqual([path, method, res.status, 'declared']);
    const ref: string = schema.$ref;
    const validate = ajv.getSchema(`openapi${ref}`)!;
    const valid = validate(res.body);
    expect([path, res.status, res.body, valid ? [] : validate.errors]).toEqual([path, res.status, res.body, []]);
  }

  it('seed 001: register, login, change-password, create, create_with_prompt, query (found and unknown)', async () => {
    const phone = freshPhone();
    conforms(await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123'), '/api/v1/users/register', 'post');
    const login = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123');
    conforms(login, '/api/v1/users/login', 'post');
    const auth = { Authorization: `Bearer ${login.body.data.token}` };

    const created = await http(app).post('/api/v1/video/create').set(auth).field('type', 'text_to_video').field('prompt', '一只猫在跳舞').field('size', '624*624');
    conforms(created, '/api/v1/video/create', 'post');
    conforms(await http(app).post('/api/v1/video/create_with_prompt').set(auth).field('role', '孙悟空').field('action', '跳舞'), '/api/v1/video/create_with_prompt', 'post');
    const query = await http(app).get(`/api/v1/video/query/${created.body.data.job_id}`).set(auth);
    expect(query.status).toBe(200);
    conforms(query, '/api/v1/video/query/{job_id}', 'get');
    conforms(await http(app).get('/api/v1/video/query/job_unknown').set(auth), '/api/v1/video/query/{job_id}', 'get');

    const changed = await http(app).post('/api/v1/users/change-password').set(auth).field('newPassword', 'newsecret456');
    conforms(changed, '/api/v1/users/change-password', 'post');
  });

  it('seed 001 errors: each family its own envelope', async () => {
    conforms(await http(app).post('/api/v1/users/register').field('phone', '123').field('password', 'secret123'), '/api/v1/users/register', 'post');
    conforms(await http(app).post('/api/v1/users/change-password').field('newPassword', 'x'), '/api/v1/users/change-password', 'post');
    conforms(await http(app).post('/api/v1/video/create').field('type', 'text_to_video'), '/api/v1/video/create', 'post');
    const noToken = await http(app).get('/api/v1/video/query/job_x');
    conforms(noToken, '/api/v1/video/query/{job_id}', 'get');
    // the schemas are strict enough to tell the families apart
    expect(ajv.getSchema('openapi#/components/schemas/AppError')!(noToken.body)).toBe(false);
    expect(ajv.getSchema('openapi#/components/schemas/Seed001UsersError')!(noToken.body)).toBe(false);
    expect(ajv.getSchema('openapi#/components/schemas/Seed001LoginOk')!({ code: 0, message: 'Login successful' })).toBe(false);
  });

  it('app: users/me, stickers create/list/detail, credits, and the app error envelope', async () => {
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const token = (await http(app).post('/api/v1/users/login').send({ phone, password: 'secret123' })).body.data.token;
    const auth = { Authorization: `Bearer ${token}` };
    conforms(await http(app).get('/api/v1/users/me').set(auth), '/api/v1/users/me', 'get');
    const sticker = await http(app).post('/api/v1/stickers').set(auth).send({ kind: 'text', prompt: '一只猫在跳舞' });
    expect(sticker.status).toBe(200);
    conforms(sticker, '/api/v1/stickers', 'post');
    conforms(await http(app).get('/api/v1/stickers').set(auth), '/api/v1/stickers', 'get');
    conforms(await http(app).get(`/api/v1/stickers/${sticker.body.data.jobId}`).set(auth), '/api/v1/stickers/{jobId}', 'get');
    conforms(await http(app).get('/api/v1/credits').set(auth), '/api/v1/credits', 'get');
    conforms(await http(app).post('/api/v1/stickers').set(auth).send({ kind: 'gif' }), '/api/v1/stickers', 'post');
    conforms(await http(app).get('/api/v1/stickers'), '/api/v1/stickers', 'get');
  });
});
