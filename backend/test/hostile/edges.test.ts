import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pushSignature } from '../../src/service/wechat-push/push-crypto';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';
import { HostileCase, rawGet, rawPost, runHostileCases } from '../support/hostile';
import { expectLedgerClean, pipelineEnv } from '../support/pipeline';
import { Account, adminAccount, settleTasks, passwordAccount } from '../support/rows';

/**
 * Hostile input at the edges: provider callbacks, the WeChat push, the admin credit grant, stored files.
 * Plus script- and SQL-looking text, which is harmless and therefore accepted: stored verbatim, returned as
 * JSON data, never executed.
 */
let app: App;
let port = 0;
let admin: Account;
let user: Account;
let queuedJob = '';
const SECRET = 'hostile-callback-secret-0123456789';
const PUSH_TOKEN = 'hostile-push-token';

const api = () => http(app);
const sign = (provider: string, jobId: string, ts: string) => createHmac('sha256', SECRET).update(`${provider}:${jobId}:${ts}`).digest('hex');
const callback = (provider: string, q: Record<string, string>, body: unknown = { code: 200, data: { taskId: 'x', state: 'success' } }) =>
  api()
    .post(`/api/v1/callbacks/${provider}`)
    .query(q)
    .send(body as object);
const pushQuery = (ts = Math.floor(Date.now() / 1000)) => ({ signature: pushSignature(PUSH_TOKEN, String(ts), 'n1'), timestamp: String(ts), nonce: 'n1' });
const grant = (body: unknown, id: () => string | number = () => user.id) =>
  api()
    .post(`/api/v1/admin/users/${id()}/grant`)
    .set('Authorization', admin.auth)
    .send(body as object);

const callbackCases: HostileCase[] = [
  { name: 'callback: no signature', send: () => callback('kie', { task: queuedJob }), status: 401, code: 'CALLBACK_INVALID' },
  {
    name: 'callback: wrong signature',
    send: () => {
      const ts = String(Date.now());
      return callback('kie', { task: queuedJob, ts, sig: 'ab'.repeat(32) });
    },
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'callback: signature for another provider',
    send: () => {
      const ts = String(Date.now());
      return callback('kie', { task: queuedJob, ts, sig: sign('evolink', queuedJob, ts) });
    },
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'callback: expired (signed two days ago)',
    send: () => {
      const ts = String(Date.now() - 48 * 3600e3);
      return callback('kie', { task: queuedJob, ts, sig: sign('kie', queuedJob, ts) });
    },
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'callback: timestamp from the future',
    send: () => {
      const ts = String(Date.now() + 3600e3);
      return callback('kie', { task: queuedJob, ts, sig: sign('kie', queuedJob, ts) });
    },
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'callback: task id as an array',
    send: () => api().post(`/api/v1/callbacks/kie?task=${queuedJob}&task=x&ts=${Date.now()}&sig=00`).send({}),
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'callback: validly signed for a task not at that provider (replay of an old URL)',
    send: () => {
      const ts = String(Date.now());
      return callback('kie', { task: queuedJob, ts, sig: sign('kie', queuedJob, ts) });
    },
    status: 400,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'callback: validly signed for an unknown job',
    send: () => {
      const ts = String(Date.now());
      return callback('kie', { task: 'job_' + '0'.repeat(24), ts, sig: sign('kie', 'job_' + '0'.repeat(24), ts) });
    },
    status: 400,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'callback: validly signed for an unknown provider',
    send: () => {
      const ts = String(Date.now());
      return callback('nope', { task: queuedJob, ts, sig: sign('nope', queuedJob, ts) });
    },
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'wechat push: no signature',
    send: () =>
      api()
        .post('/api/v1/wechat/push')
        .send({ Event: 'wxa_media_check', trace_id: 't', result: { suggest: 'risky' } }),
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'wechat push: forged signature',
    send: () =>
      api()
        .post('/api/v1/wechat/push')
        .query({ ...pushQuery(), signature: 'a'.repeat(40) })
        .send({ Event: 'wxa_media_check', trace_id: 't', result: { suggest: 'risky' } }),
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'wechat push: replayed an hour later',
    send: () =>
      api()
        .post('/api/v1/wechat/push')
        .query(pushQuery(Math.floor(Date.now() / 1000) - 3600))
        .send({ Event: 'wxa_media_check', trace_id: 't', result: { suggest: 'risky' } }),
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'wechat push: XML body (only JSON is configured)',
    send: () =>
      rawPost(port, `/api/v1/wechat/push?${new URLSearchParams(pushQuery())}`, { 'content-type': 'text/xml' }, '<xml><Event>wxa_media_check</Event></xml>'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'wechat push: verification without echostr',
    send: () => api().get('/api/v1/wechat/push').query(pushQuery()),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
];

const adminCases: HostileCase[] = [
  { name: 'admin grant: negative amount', send: () => grant({ amount: -100, reason: '测试' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'admin grant: zero', send: () => grant({ amount: 0, reason: '测试' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'admin grant: float', send: () => grant({ amount: 1.5, reason: '测试' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'admin grant: numeric string with letters', send: () => grant({ amount: '10abc', reason: '测试' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'admin grant: exponent notation beyond the cap', send: () => grant({ amount: 1e12, reason: '测试' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'admin grant: amount as an array', send: () => grant({ amount: [100], reason: '测试' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'admin grant: missing reason', send: () => grant({ amount: 10 }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'admin grant: user id that is not a number', send: () => grant({ amount: 10, reason: '测试' }, () => '1 OR 1=1'), status: [400, 404] },
  { name: 'admin grant: user that does not exist', send: () => grant({ amount: 10, reason: '测试' }, () => 99999999), status: 404, code: 'NOT_FOUND' },
  {
    name: 'admin grant: by a normal user',
    send: () => api().post(`/api/v1/admin/users/${user.id}/grant`).set('Authorization', user.auth).send({ amount: 1000, reason: '自己给自己' }),
    status: 403,
    code: 'FORBIDDEN',
  },
  {
    name: 'admin blocked-words: words as an object',
    send: () =>
      api()
        .put('/api/v1/admin/blocked-words')
        .set('Authorization', admin.auth)
        .send({ words: { a: 1 } }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'admin content-rejections: user_id with SQL',
    send: () => api().get('/api/v1/admin/content-rejections?user_id=1 OR 1=1').set('Authorization', admin.auth),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
];

const fileCases: HostileCase[] = [
  {
    name: 'files: ../../etc/passwd',
    send: () => rawGet(port, '/files/../../etc/passwd'),
    status: [400, 404],
    check: r => expect(r.text).not.toContain('root:'),
  },
  {
    name: 'files: %2e%2e%2f-encoded traversal',
    send: () => rawGet(port, '/files/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd'),
    status: [400, 404],
    check: r => expect(r.text).not.toContain('root:'),
  },
  {
    name: 'files: double-encoded traversal',
    send: () => rawGet(port, '/files/%252e%252e%252f%252e%252e%252fetc%252fpasswd'),
    status: [400, 404],
    check: r => expect(r.text).not.toContain('root:'),
  },
  {
    name: 'files: backslash traversal',
    send: () => rawGet(port, '/files/..%5c..%5c..%5cetc%5cpasswd'),
    status: [400, 404],
    check: r => expect(r.text).not.toContain('root:'),
  },
  { name: 'files: NUL byte', send: () => rawGet(port, '/files/stickers/a.gif%00.txt'), status: [400, 404] },
  { name: 'files: broken percent-encoding', send: () => rawGet(port, '/files/%E0%A4%A'), status: [400, 404] },
  {
    name: 'admin console: traversal to the backend folder',
    send: () => rawGet(port, '/admin/../../backend/package.json'),
    status: [400, 404],
    check: r => expect(r.text).not.toContain('@app/backend'),
  },
  {
    name: 'files: traversal to the data folder secrets',
    send: () => rawGet(port, '/files/%2e%2e/dev-secrets.json'),
    status: [400, 404],
    check: r => expect(r.text).not.toContain('JWT'),
  },
];

describe('hostile input: callbacks, WeChat push, admin grants, stored files', () => {
  beforeAll(async () => {
    try {
      const adminPhone = freshPhone();
      const env = await pipelineEnv({ PIPELINE_WORKER: 'false', CALLBACK_HMAC_SECRET: SECRET, WECHAT_PUSH_TOKEN: PUSH_TOKEN });
      port = Number(env.PORT);
      app = await startApp(env);
      admin = await adminAccount(app, adminPhone);
      user = await passwordAccount(app);
      const t = await http(app).post('/api/v1/stickers').set('Authorization', user.auth).send({ kind: 'text', prompt: '排队的猫' }).expect(200);
      queuedJob = t.body.data.jobId;
      // a file outside /files that traversal would reach
      fs.writeFileSync(path.join(process.env.DATA_DIR!, 'dev-secrets.json'), '{"JWT_SECRET":"x"}');
    } catch (e) {
      console.error(e);
      throw e;
    }
  });
  afterAll(async () => {
    await settleTasks(app, [user].filter(Boolean));
    await expectLedgerClean(app);
    await stopApp(app);
  });

  runHostileCases(() => app, [...callbackCases, ...adminCases, ...fileCases]);

  it('script- and SQL-looking text is stored verbatim and comes back as JSON data, not markup or SQL', async () => {
    const texts = [
      "<script>alert('x')</script>",
      "'; DROP TABLE task; --",
      '" onmouseover="alert(1)',
      '{{constructor.constructor("return 1")()}}',
      '${7*7} %s %n',
    ];
    for (const prompt of texts) {
      const r = await http(app).post('/api/v1/stickers').set('Authorization', user.auth).send({ kind: 'text', prompt, caption: '<b>x</b>' });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const detail = await http(app).get(`/api/v1/stickers/${r.body.data.jobId}`).set('Authorization', user.auth);
      expect(detail.body.data.prompt).toBe(prompt);
      expect(detail.body.data.caption).toBe('<b>x</b>');
      expect(detail.headers['content-type']).toMatch(/^application\/json/); // data inside a JSON string, never served as HTML
      await http(app).post(`/api/v1/stickers/${r.body.data.jobId}/cancel`).set('Authorization', user.auth).expect(200);
    }
    const db = await dataSource(app);
    expect(Number((await db.query('SELECT COUNT(*) AS n FROM task'))[0].n)).toBeGreaterThanOrEqual(texts.length + 1);
    // a SQL-looking phone in the admin search is a 400, not a query
    expect(
      (
        await http(app)
          .get(`/api/v1/admin/users?phone=${encodeURIComponent("1' OR '1'='1")}`)
          .set('Authorization', admin.auth)
      ).status,
    ).toBe(400);
  });

  it('a valid grant still works after all that', async () => {
    const r = await grant({ amount: 7, reason: '补偿' });
    expect(r.status).toBe(200);
  });
});
