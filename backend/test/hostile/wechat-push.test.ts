import { App, http, startApp, stopApp } from '../support/app';
import { rowCounts } from '../support/rows';
import { plainQuery } from '../support/wechat-push';

/**
 * Issue 17, point 7 (plain mode): the signature covers token, timestamp and nonce, not the body, so a captured
 * signature must not carry a second body: each (timestamp, nonce) is taken once within the window.
 */
describe('WeChat push, plain mode: nonce memory', () => {
  let app: App;
  const TOKEN = 'plain-push-token';
  beforeAll(async () => {
    app = await startApp({ WECHAT_PUSH_TOKEN: TOKEN, WECHAT_PUSH_AES_KEY: '' });
  });
  afterAll(() => stopApp(app));

  const push = (q: Record<string, string>, body: object) => http(app).post('/api/v1/wechat/push').query(q).send(body);
  const event = (traceId: string) => ({ MsgType: 'event', Event: 'wxa_media_check', trace_id: traceId, result: { suggest: 'risky', label: 20002 } });

  it('one signature is accepted once: the same query with another body is refused', async () => {
    const q = plainQuery(TOKEN);
    expect((await push(q, event('first'))).text).toBe('success');
    const before = await rowCounts(app);
    const replay = await push(q, event('second'));
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('CALLBACK_INVALID');
    expect(await rowCounts(app)).toEqual(before);
  });

  it('a push that could not be handled does not use up its nonce (WeChat retries it)', async () => {
    const q = plainQuery(TOKEN);
    const broken = await push(q, { MsgType: 'event', Event: 'wxa_media_check', result: {} });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('VALIDATION_FAILED');
    expect((await push(q, event('retried'))).text).toBe('success');
  });

  it('the URL check takes a nonce once too', async () => {
    const q = { ...plainQuery(TOKEN), echostr: 'echo-1' };
    expect((await http(app).get('/api/v1/wechat/push').query(q)).text).toBe('echo-1');
    expect((await http(app).get('/api/v1/wechat/push').query(q)).status).toBe(401);
  });

  it('events nobody handles are acknowledged', async () => {
    expect((await push(plainQuery(TOKEN), { MsgType: 'event', Event: 'some_future_event' })).text).toBe('success');
    expect((await push(plainQuery(TOKEN), { MsgType: 'text', Content: 'hi' })).text).toBe('success');
  });
});
