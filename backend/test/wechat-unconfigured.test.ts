import { App, http, startApp, stopApp } from './support/app';

describe('WeChat login when not configured', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ WECHAT_APPID: '', WECHAT_SECRET: '' });
  });
  afterAll(() => stopApp(app));

  it('answers 503 with a clear message', async () => {
    const r = await http(app).post('/api/v1/auth/wechat/login').send({ phoneCode: 'x' });
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('SERVICE_UNAVAILABLE');
  });
});
