import { App, freshPhone, http, startApp, stopApp } from './support/app';

/**
 * Issue 11: the error envelope is decided by the route's family (`@Family`), also for errors thrown in the auth
 * middleware before the controller runs. Seed 001's routes answer seed 001's shapes; app routes keep theirs.
 */
describe('error envelope per API family', () => {
  let app: App;
  let token: string;
  beforeAll(async () => {
    app = await startApp();
    const phone = freshPhone();
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
    const login = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123').expect(200);
    token = login.body.data.token;
  });
  afterAll(() => stopApp(app));

  const video = { error: '登录已失效，请重新登录', code: 'UNAUTHORIZED' };

  it('seed 001 video routes without a token: 401 {error, code} on create, create_with_prompt and query', async () => {
    const create = await http(app).post('/api/v1/video/create').field('type', 'text_to_video').field('prompt', '猫');
    const withPrompt = await http(app).post('/api/v1/video/create_with_prompt').field('role', '孙悟空').field('action', '跳');
    const query = await http(app).get('/api/v1/video/query/job_000000000000000000000000');
    const trailing = await http(app).get('/api/v1/video/query/job_000000000000000000000000/');
    for (const res of [create, withPrompt, query, trailing]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(video);
    }
  });

  it('seed 001 video routes with bad input: 400 {error, code}', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const badType = await http(app).post('/api/v1/video/create').set(auth).field('type', 'gif').field('prompt', '猫');
    expect(badType.status).toBe(400);
    expect(badType.body).toEqual({ error: 'type 必须为 text_to_video 或 image_to_video', code: 'VALIDATION_FAILED' });
    const noAction = await http(app).post('/api/v1/video/create_with_prompt').set(auth).field('role', '孙悟空');
    expect(noAction.status).toBe(400);
    expect(noAction.body).toEqual({ error: '请填写角色动作', code: 'VALIDATION_FAILED' });
    const badJson = await http(app).post('/api/v1/video/create').set(auth).set('Content-Type', 'application/json').send('{"type":');
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({ error: '请求体格式错误', code: 'VALIDATION_FAILED' });
  });

  it('seed 001 query for an unknown job keeps its own {code:500, message, data} answer', async () => {
    const res = await http(app).get('/api/v1/video/query/job_missing').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 500, message: '任务不存在', data: { job_id: 'job_missing', status: 'UNKNOWN' } });
  });

  it('seed 001 users routes: {code:1, message} with the contract texts, without a token and with bad input', async () => {
    const noToken = await http(app).post('/api/v1/users/change-password').field('newPassword', 'newsecret456');
    expect(noToken.status).toBe(401);
    expect(noToken.body).toEqual({ code: 1, message: 'Invalid or expired JWT' });
    const badPhone = await http(app).post('/api/v1/users/register/').field('phone', '123').field('password', 'secret123');
    expect(badPhone.status).toBe(400);
    expect(badPhone.body).toEqual({ code: 1, message: 'Invalid phone number format' });
    const badLogin = await http(app).post('/api/v1/users/login').field('phone', freshPhone()).field('password', 'secret123');
    expect(badLogin.status).toBe(401);
    expect(badLogin.body).toEqual({ code: 1, message: 'invalid phone or password' });
  });

  it('app routes keep the app envelope, also the app routes beside seed 001 ones in the users controller', async () => {
    for (const res of [
      await http(app).get('/api/v1/users/me'),
      await http(app).post('/api/v1/users/password').send({ newPassword: 'newsecret456' }),
      await http(app).get('/api/v1/stickers'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'UNAUTHORIZED', message: '登录已失效，请重新登录', requestId: expect.any(String) });
    }
    const unknown = await http(app).get('/api/v1/no-such-route').set('Authorization', `Bearer ${token}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 'NOT_FOUND', message: '接口不存在', requestId: expect.any(String) });
  });
});
