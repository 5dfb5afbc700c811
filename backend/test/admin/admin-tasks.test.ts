import { AdminAudit } from '../../src/entity/admin-audit.entity';
import { Task } from '../../src/entity/task.entity';
import { User } from '../../src/entity/user.entity';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';
import { ownPort } from './seed';
import { promoteToAdmin } from '../support/rows';
import { insertTask, waitFor } from './seed';

const PASSWORD = 'secret123';
const DAY = 24 * 3600 * 1000;

describe('admin API: tasks, stuck-task refund, retry, showcase', () => {
  let app: App;
  const adminPhone = freshPhone();
  let admin: { id: number; auth: string };
  let owner: { id: number; auth: string; phone: string };

  async function signUp(phone = freshPhone()) {
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', PASSWORD).expect(200);
    const login = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', PASSWORD);
    const token = login.body.data.token as string;
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
    return { id: me.body.data.id as number, auth: `Bearer ${token}`, phone };
  }
  const account = async (id: number) => {
    const u = await (await dataSource(app)).getRepository(User).findOneByOrFail({ id });
    return { credits: u.credits, frozen: u.frozenCredits };
  };
  const adminGet = (path: string) => http(app).get(path).set('Authorization', admin.auth);
  const adminPost = (path: string, body: object = {}) => http(app).post(path).set('Authorization', admin.auth).send(body);

  beforeAll(async () => {
    // generous limits: tasks other test files left in flight on a shared MariaDB must not hold our slot
    app = await startApp({ DASHSCOPE_MAX_CONCURRENT: '1000', KIE_MAX_CONCURRENT: '1000', EVOLINK_MAX_CONCURRENT: '1000', ...(await ownPort()) });
    admin = await signUp(adminPhone);
    await promoteToAdmin(app, admin.id);
    owner = await signUp();
  });
  afterAll(() => stopApp(app));

  it('answers 401 without a token and 403 to a non-admin', async () => {
    const job = 'job_000000000000000000000000';
    const cases: Array<['get' | 'post', string]> = [
      ['get', '/api/v1/admin/tasks'],
      ['get', `/api/v1/admin/tasks/${job}`],
      ['post', `/api/v1/admin/tasks/${job}/retry`],
      ['post', `/api/v1/admin/tasks/${job}/fail`],
      ['post', `/api/v1/admin/tasks/${job}/showcase`],
      ['get', '/api/v1/admin/showcase'],
      ['post', `/api/v1/admin/showcase/${job}/move`],
      ['get', '/api/v1/admin/stats/dashboard'],
      ['get', '/api/v1/admin/stats/errors'],
    ];
    for (const [method, path] of cases) {
      const anon = await http(app)[method](path);
      expect([path, anon.status]).toEqual([path, 401]);
      const mere = await http(app)[method](path).set('Authorization', owner.auth);
      expect([path, mere.status, mere.body.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
  });

  it('marks a stuck task failed and releases its credits (once), with the history and an audit record', async () => {
    const created = await http(app).post('/api/v1/stickers').set('Authorization', owner.auth).send({ kind: 'text', prompt: '[sim:slow] 永远在跳舞的猫' });
    expect(created.status).toBe(200);
    const jobId = created.body.data.jobId as string;
    expect(await account(owner.id)).toEqual({ credits: 80, frozen: 20 });
    // the dispatcher submits it to the (simulated) provider, which never finishes it
    const stuck = await waitFor(async () => {
      const d = await adminGet(`/api/v1/admin/tasks/${jobId}`);
      return d.body.data?.providerTaskId ? d.body.data : null;
    });
    expect(['PENDING', 'RUNNING']).toContain(stuck.status);
    expect(stuck).toMatchObject({
      jobId,
      userId: owner.id,
      phone: owner.phone,
      kind: 'text',
      prompt: '[sim:slow] 永远在跳舞的猫',
      provider: expect.any(String),
    });
    expect(stuck.timings).toMatchObject({ createdAt: expect.any(String), submittedAt: expect.any(String), finishedAt: null, queueSeconds: expect.any(Number) });
    expect(stuck.events.map((e: { type: string }) => e.type).slice(0, 3)).toEqual(['created', 'submitting', 'submitted']);
    const promised = stuck.adminFailMessage as string; // what the fail dialog tells the operator

    const noReason = await adminPost(`/api/v1/admin/tasks/${jobId}/fail`, {});
    expect(noReason.status).toBe(400);
    expect(await account(owner.id)).toEqual({ credits: 80, frozen: 20 });

    const res = await adminPost(`/api/v1/admin/tasks/${jobId}/fail`, { reason: '供应商卡住超过 10 分钟' });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('已标记失败，积分已退回');
    expect(res.body.data).toMatchObject({ status: 'FAILED', errorCode: 'GENERATION_FAILED', errorMessage: expect.stringMatching(/积分已退回/) });
    expect(res.body.data.providerError).toContain('供应商卡住超过 10 分钟');
    const last = res.body.data.events[res.body.data.events.length - 1];
    expect(last).toMatchObject({ type: 'failed', source: 'admin', status: 'FAILED' });
    expect(await account(owner.id)).toEqual({ credits: 100, frozen: 0 });

    // what the owner sees
    const mine = await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', owner.auth);
    expect(mine.body.data).toMatchObject({ status: 'FAILED', errorMessage: promised });
    // it failed while at the provider: the time there is shown, not "—"
    expect(res.body.data.timings.providerSeconds).toEqual(expect.any(Number));

    const again = await adminPost(`/api/v1/admin/tasks/${jobId}/fail`, { reason: '再来一次' });
    expect(again.status).toBe(409);
    expect(await account(owner.id)).toEqual({ credits: 100, frozen: 0 });

    const log = await adminGet(`/api/v1/admin/audit-log?target_type=task&target_id=${jobId}`);
    expect(log.body.data.items).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        action: 'task.fail',
        targetId: jobId,
        reason: '供应商卡住超过 10 分钟',
        details: expect.objectContaining({ userId: owner.id, released: 20 }),
      }),
    ]);

    // retry on behalf of the owner: a new task charged to the owner
    const retry = await adminPost(`/api/v1/admin/tasks/${jobId}/retry`, { reason: '用户反馈' });
    expect(retry.status).toBe(200);
    const newJob = retry.body.data.jobId as string;
    expect(newJob).not.toBe(jobId);
    expect(await account(owner.id)).toEqual({ credits: 80, frozen: 20 });
    const db = await dataSource(app);
    expect(await db.getRepository(Task).findOneByOrFail({ jobId: newJob })).toMatchObject({ userId: owner.id, retryOf: jobId });
    expect((await adminPost(`/api/v1/admin/tasks/${newJob}/retry`)).status).toBe(409); // still running
    const retried = await adminGet(`/api/v1/admin/audit-log?action=task.retry&target_id=${jobId}`);
    expect(retried.body.data.items[0]).toMatchObject({ reason: '用户反馈', details: { newJobId: newJob, userId: owner.id } });
    // a queued/running retry can be ended too
    await adminPost(`/api/v1/admin/tasks/${newJob}/fail`, { reason: '测试结束' }).expect(200);
    expect(await account(owner.id)).toEqual({ credits: 100, frozen: 0 });
  });

  it('lists tasks with filters (status, kind, provider, phone, user, dates, job id) and paging', async () => {
    const db = await dataSource(app);
    const other = await signUp();
    const now = Date.now();
    const old = await insertTask(db, {
      userId: other.id,
      status: 'SUCCEEDED',
      provider: 'kie',
      createdAt: new Date(now - 10 * DAY),
      finishedAt: new Date(now - 10 * DAY + 60000),
      gifKey: `stickers/${other.id}/2026/01/old.gif`,
    });
    const failed = await insertTask(db, {
      userId: other.id,
      status: 'FAILED',
      provider: 'dashscope',
      kind: 'image',
      mode: 'i2v',
      createdAt: new Date(now - 2 * DAY),
      errorCode: 'GENERATION_FAILED',
    });
    // waiting for a retry slot tomorrow: the running dispatcher leaves it alone
    const queued = await insertTask(db, { userId: other.id, status: 'QUEUED', provider: null, prompt: '排队中', nextAttemptAt: new Date(now + DAY) });
    const ids = async (query: string) => {
      const res = await adminGet(`/api/v1/admin/tasks?user_id=${other.id}&${query}`);
      expect([query, res.status]).toEqual([query, 200]);
      return res.body.data.items.map((t: { jobId: string }) => t.jobId);
    };
    expect(await ids('')).toEqual([queued.jobId, failed.jobId, old.jobId]);
    expect(await ids('status=failed')).toEqual([failed.jobId]);
    expect(await ids('status=QUEUED,SUCCEEDED')).toEqual([queued.jobId, old.jobId]);
    expect(await ids('kind=image')).toEqual([failed.jobId]);
    expect(await ids('provider=kie')).toEqual([old.jobId]);
    expect(await ids('provider=-')).toEqual([queued.jobId]);
    expect(await ids(`job_id=${failed.jobId}`)).toEqual([failed.jobId]);
    expect(await ids('has_gif=true')).toEqual([old.jobId]);
    expect(await ids('has_gif=false')).toEqual([queued.jobId, failed.jobId]);
    const day = (ms: number) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
    expect(await ids(`from=${day(now - 3 * DAY)}`)).toEqual([queued.jobId, failed.jobId]);
    expect(await ids(`to=${day(now - 3 * DAY)}`)).toEqual([old.jobId]);
    expect(await ids(`from=${day(now - 10 * DAY)}&to=${day(now - 10 * DAY)}`)).toEqual([old.jobId]);

    const byPhone = await adminGet(`/api/v1/admin/tasks?phone=${other.phone}&page=2&page_size=2`);
    expect(byPhone.body.data).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(byPhone.body.data.items).toEqual([
      expect.objectContaining({
        jobId: old.jobId,
        phone: other.phone,
        userId: other.id,
        status: 'SUCCEEDED',
        provider: 'kie',
        showcase: false,
        deleted: false,
        hidden: false,
      }),
    ]);
    for (const bad of ['status=DONE', 'kind=video', 'from=2025-13-45', 'from=yesterday', 'user_id=-1', 'page=0', 'provider=DROP TABLE']) {
      const res = await adminGet(`/api/v1/admin/tasks?${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
    // a day range that runs backwards (AdminTaskQuery's `to` rule); one day is a range
    const backwards = await adminGet('/api/v1/admin/tasks?from=2025-01-02&to=2025-01-01');
    expect([backwards.status, backwards.body.message, backwards.body.details]).toEqual([400, '开始日期不能晚于结束日期', { field: 'from' }]);
    expect((await adminGet('/api/v1/admin/tasks?from=2025-01-01&to=2025-01-01')).status).toBe(200);
    const nf = await adminGet('/api/v1/admin/tasks/job_ffffffffffffffffffffffff');
    expect(nf.status).toBe(404);
    expect((await adminPost(`/api/v1/admin/tasks/${old.jobId}/fail`, { reason: '已完成' })).status).toBe(409);
    const users = await adminGet(`/api/v1/admin/users?phone=${other.phone}`);
    expect(users.body.data.items[0].stickers).toBe(3);
    await db.getRepository(Task).update({ id: queued.id }, { status: 'CANCELED' }); // nothing left in flight
  });

  it('features finished stickers, reorders them, serves them publicly and hides them again', async () => {
    const db = await dataSource(app);
    await db.getRepository(Task).update({ showcase: true }, { showcase: false }); // earlier runs on a shared database
    const key = (name: string) => `stickers/${owner.id}/2026/01/${name}`;
    const a = await insertTask(db, { userId: owner.id, prompt: '猫 A', gifKey: key('a.gif'), thumbKey: key('a.jpg'), finishedAt: new Date() });
    const b = await insertTask(db, { userId: owner.id, prompt: '狗 B', gifKey: key('b.gif'), finishedAt: new Date() });
    const c = await insertTask(db, { userId: owner.id, prompt: '鸭 C', gifKey: key('c.gif'), finishedAt: new Date() });
    const failed = await insertTask(db, { userId: owner.id, status: 'FAILED' });

    for (const t of [a, b, c]) {
      const res = await adminPost(`/api/v1/admin/tasks/${t.jobId}/showcase`, { featured: true });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ jobId: t.jobId, showcase: true, position: 1 });
    }
    const notDone = await adminPost(`/api/v1/admin/tasks/${failed.jobId}/showcase`, { featured: true });
    expect(notDone.status).toBe(409);
    const hidden = await insertTask(db, { userId: owner.id, prompt: '审核隐藏', gifKey: key('h.gif'), hidden: true });
    expect((await adminPost(`/api/v1/admin/tasks/${hidden.jobId}/showcase`, { featured: true })).status).toBe(409);
    expect((await adminPost(`/api/v1/admin/tasks/${a.jobId}/showcase`, { featured: 'maybe' })).status).toBe(400);

    const order = async () => (await adminGet('/api/v1/admin/showcase')).body.data.items.map((i: { jobId: string }) => i.jobId);
    expect(await order()).toEqual([c.jobId, b.jobId, a.jobId]); // newest featured first
    expect((await adminPost(`/api/v1/admin/showcase/${a.jobId}/move`, { direction: 'top' })).body.data).toEqual({ jobId: a.jobId, position: 1 });
    expect((await adminPost(`/api/v1/admin/showcase/${c.jobId}/move`, { direction: 'down' })).body.data.position).toBe(3);
    expect(await order()).toEqual([a.jobId, b.jobId, c.jobId]);
    expect((await adminPost(`/api/v1/admin/showcase/${c.jobId}/move`, { direction: 'sideways' })).status).toBe(400);
    expect((await adminPost(`/api/v1/admin/showcase/${failed.jobId}/move`, { direction: 'up' })).status).toBe(404);

    const pub = await http(app).get('/api/v1/showcase?page=1&page_size=2');
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ code: 'OK', data: { total: 3, page: 1, pageSize: 2 } });
    expect(pub.body.data.items).toEqual([
      { jobId: a.jobId, gifUrl: expect.stringContaining(key('a.gif')), thumbnailUrl: expect.stringContaining(key('a.jpg')), prompt: '猫 A', kind: 'text' },
      { jobId: b.jobId, gifUrl: expect.stringContaining(key('b.gif')), thumbnailUrl: null, prompt: '狗 B', kind: 'text' },
    ]);
    expect((await http(app).get('/api/v1/showcase?page_size=1000')).status).toBe(400);
    // issue 14: an ETag of the data; the same list again answers 304 without a body, a changed one a new tag
    expect(pub.headers['cache-control']).toBe('public, max-age=10');
    const tag = (await http(app).get('/api/v1/showcase')).headers.etag as string;
    expect(tag).toMatch(/^W\/"/);
    const again = await http(app).get('/api/v1/showcase').set('If-None-Match', tag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');

    const hide = await adminPost(`/api/v1/admin/tasks/${a.jobId}/showcase`, { featured: false, reason: '用户要求撤下' });
    expect(hide.body.data).toEqual({ jobId: a.jobId, showcase: false, position: null });
    const changed = await http(app).get('/api/v1/showcase').set('If-None-Match', tag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(tag);
    expect(changed.body.data.items.map((i: { jobId: string }) => i.jobId)).toEqual([b.jobId, c.jobId]);
    const listed = await adminGet(`/api/v1/admin/tasks?user_id=${owner.id}&showcase=true`);
    expect(listed.body.data.items.map((t: { jobId: string }) => t.jobId).sort()).toEqual([b.jobId, c.jobId].sort());

    const audits = await db.getRepository(AdminAudit).find({ where: { targetType: 'task', targetId: a.jobId }, order: { id: 'ASC' } });
    expect(audits.map(r => [r.action, r.actorId, r.reason])).toEqual([
      ['showcase.add', admin.id, ''],
      ['showcase.move', admin.id, ''],
      ['showcase.remove', admin.id, '用户要求撤下'],
    ]);
    await db.getRepository(Task).update({ showcase: true }, { showcase: false });
  });

  it('describes a featured web-search sticker the same way to operators and on the home page (role first)', async () => {
    const db = await dataSource(app);
    await db.getRepository(Task).update({ showcase: true }, { showcase: false }); // earlier runs on a shared database
    const t = await insertTask(db, {
      userId: owner.id,
      kind: 'web_search',
      role: '孙悟空',
      source: '西游记',
      prompt: '挥舞金箍棒',
      gifKey: `stickers/${owner.id}/2026/01/w.gif`,
      finishedAt: new Date(),
    });
    expect((await adminPost(`/api/v1/admin/tasks/${t.jobId}/showcase`, { featured: true })).status).toBe(200);
    const admin = (await adminGet('/api/v1/admin/showcase')).body.data.items.find((i: { jobId: string }) => i.jobId === t.jobId);
    const home = (await http(app).get('/api/v1/showcase')).body.data.items.find((i: { jobId: string }) => i.jobId === t.jobId);
    expect([admin.prompt, home.prompt]).toEqual(['孙悟空：挥舞金箍棒', '孙悟空：挥舞金箍棒']);
    await db.getRepository(Task).update({ showcase: true }, { showcase: false });
  });
});
