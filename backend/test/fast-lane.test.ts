import type { Response } from 'supertest';
import { Task } from '../src/entity/task.entity';
import { User } from '../src/entity/user.entity';
import { AppError } from '../src/error/app.error';
import { TaskService } from '../src/service/pipeline/task.service';
import { UserService } from '../src/service/accounts/user.service';
import { AccessLog } from '../src/util/access-log';
import { App, dataSource, http, startApp, stopApp } from './support/app';
import { pipelineEnv, queryUntilDone, signUp, waitFor } from './support/pipeline';
import { adminAccount } from './support/rows';

/**
 * The fast lane (src/middleware/fast-lane.ts) answers the hottest GETs in front of Midway's pipeline. The same
 * path with a trailing slash is the same route to the router but not to the lane, so each pair below is one
 * answer from each: they must agree byte for byte (with the request id fixed by X-Request-Id). Which path answered
 * shows in `app.createAnonymousContext`: Midway's root middleware calls it for every request it takes, the lane
 * only to hand an error to the filter.
 */
const METRICS = 'fast-lane-metrics-token-0123456789';
const RID = 'fastlane-parity-0001';

describe('fast lane: the hot GETs, answered in front of the pipeline exactly as the pipeline answers them', () => {
  let app: App;
  let owner: { auth: string; phone: string };
  let other: { auth: string };
  let finished: string;
  let running: string;
  let pipeline: jest.SpyInstance;
  const pipelineCalls = () => pipeline.mock.calls.length;

  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ METRICS_TOKEN: METRICS }));
    pipeline = jest.spyOn(app, 'createAnonymousContext');
    const admin = (await adminAccount(app)).auth;
    owner = await signUp(app);
    other = await signUp(app);
    const create = async (prompt: string) =>
      (await http(app).post('/api/v1/video/create').set('Authorization', owner.auth).field('type', 'text_to_video').field('prompt', prompt)).body.data
        .job_id as string;
    finished = await create('一只猫在弹钢琴');
    running = await create('[sim:slow] 一只一直在跑的兔子');
    expect((await queryUntilDone(app, owner.auth, finished)).data.status).toBe('SUCCEEDED');
    await waitFor('the slow task at its provider', async () => {
      const r = await http(app).get(`/api/v1/video/query/${running}`).set('Authorization', owner.auth);
      return r.body.data?.status === 'RUNNING';
    });
    // a running task's progress is estimated from the time since it was submitted: ten minutes back it stands at
    // its ceiling (80), so two answers a few milliseconds apart cannot differ by a rounding step
    await (await dataSource(app)).getRepository(Task).update({ jobId: running }, { submittedAt: new Date(Date.now() - 10 * 60 * 1000) });
    expect((await http(app).post(`/api/v1/admin/tasks/${finished}/showcase`).set('Authorization', admin).send({ featured: true })).status).toBe(200);
  });
  afterAll(() => stopApp(app));

  const get = (path: string, headers: Record<string, string>) => {
    const r = http(app).get(path).set('X-Request-Id', RID);
    for (const [k, v] of Object.entries(headers)) r.set(k, v);
    return r;
  };

  /** what must agree between the two answers: status, body bytes and every header but the date */
  const answer = (r: Response) => {
    const headers: Record<string, unknown> = { ...r.headers };
    delete headers.date;
    return { status: r.status, headers, text: r.text };
  };

  /**
   * The lane's answer and the pipeline's, which must be the same. `lane`: the lane answered (the pipeline not
   * called); `filter`: the lane answered an error through the pipeline's error filter (which needs the request
   * context); `declined`: the lane sent it on to the pipeline.
   */
  async function pair(path: string, query: string, headers: Record<string, string>, how: 'lane' | 'filter' | 'declined' = 'lane') {
    const before = pipelineCalls();
    const lane = await get(path + query, headers);
    expect(pipelineCalls()).toBe(before + (how === 'lane' ? 0 : 1));
    const full = await get(`${path}/${query}`, headers);
    expect(pipelineCalls()).toBe(before + (how === 'lane' ? 1 : 2));
    expect(answer(lane)).toEqual(answer(full));
    return lane;
  }

  it('the seed 001 poll: a finished, a running, an unknown, someone else’s and a malformed job', async () => {
    const auth = { Authorization: owner.auth };
    const done = await pair(`/api/v1/video/query/${finished}`, '', auth);
    expect(done.body.data).toMatchObject({ job_id: finished, status: 'SUCCEEDED', video_url: expect.stringContaining('.gif') });
    expect((await pair(`/api/v1/video/query/${running}`, '', auth)).body.data).toMatchObject({ status: 'RUNNING', progress: 80 });
    const unknown = await pair('/api/v1/video/query/job_0123456789abcdef01234567', '', auth);
    expect([unknown.status, unknown.body.data.status]).toEqual([404, 'UNKNOWN']);
    expect((await pair(`/api/v1/video/query/${finished}`, '', { Authorization: other.auth })).status).toBe(404);
    expect((await pair('/api/v1/video/query/not-a-job', '', auth)).status).toBe(404);
  });

  it('the profile, and the sticker and credit lists with their query checks', async () => {
    const auth = { Authorization: owner.auth };
    expect((await pair('/api/v1/users/me', '', auth)).body.data).toMatchObject({ credits: expect.any(Number), hasPassword: true });
    expect((await pair('/api/v1/stickers', '', auth)).body.data.items).toHaveLength(2);
    expect((await pair('/api/v1/stickers', '?page=2&page_size=1&status=succeeded', auth)).body.data.items).toHaveLength(0);
    expect((await pair('/api/v1/stickers', '?page=0', auth, 'declined')).body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: RID });
    expect((await pair('/api/v1/stickers', '?status=NOPE', auth, 'declined')).status).toBe(400);
    expect((await pair('/api/v1/credits/transactions', '', auth)).body.data.items.length).toBeGreaterThan(0);
    expect((await pair('/api/v1/credits/transactions', '?type=freeze,settle&page_size=1', auth)).body.data.items).toHaveLength(1);
    expect((await pair('/api/v1/credits/transactions', '?type=gift', auth, 'declined')).status).toBe(400);
  });

  it('the public showcase, with its ETag: If-None-Match → 304 on both paths', async () => {
    const page = await pair('/api/v1/showcase', '', {});
    expect(page.body.data.items.map((i: { jobId: string }) => i.jobId)).toContain(finished);
    expect(page.headers['cache-control']).toBe('public, max-age=10');
    const again = await pair('/api/v1/showcase', '', { 'If-None-Match': page.headers.etag as string });
    expect([again.status, again.text]).toEqual([304, '']);
    // a bad token does not matter on a public route, on either path
    expect((await pair('/api/v1/showcase', '?page_size=1', { Authorization: 'Bearer nonsense' })).status).toBe(200);
  });

  it('refusals are the pipeline’s: no token, a bad one, an outdated one, a disabled account — on every signed-in route', async () => {
    const routes = ['/api/v1/users/me', `/api/v1/video/query/${finished}`, '/api/v1/video/query/not-a-job', '/api/v1/stickers', '/api/v1/credits/transactions'];
    const refusals = async (headers: Record<string, string>, paths = routes) => {
      const seen = new Set<string>();
      for (const path of paths) {
        const before = pipelineCalls();
        const r = await get(path, headers);
        // the lane declined: the auth middleware refused, in the pipeline
        expect(pipelineCalls()).toBe(before + 1);
        seen.add(`${r.status} ${r.body.code}`);
      }
      return [...seen];
    };
    expect(await refusals({})).toEqual(['401 UNAUTHORIZED']);
    expect(await refusals({ Authorization: 'Bearer x.y.z' })).toEqual(['401 UNAUTHORIZED']);
    const outdated = await signUp(app);
    const db = await dataSource(app);
    await db.getRepository(User).increment({ phone: outdated.phone }, 'tokenVersion', 1);
    expect(await refusals({ Authorization: outdated.auth })).toEqual(['401 UNAUTHORIZED']);
    const disabled = await signUp(app);
    await db.getRepository(User).update({ phone: disabled.phone }, { disabled: true });
    expect(await refusals({ Authorization: disabled.auth })).toEqual(['401 ACCOUNT_DISABLED']);
    // auth before the query's checks, as in the pipeline: a disabled account with a bad page is a 401, not a 400
    expect(await refusals({ Authorization: disabled.auth }, ['/api/v1/stickers?page=0', '/api/v1/credits/transactions?type=gift'])).toEqual([
      '401 ACCOUNT_DISABLED',
    ]);
    const seed001 = await get(`/api/v1/video/query/${finished}`, { Authorization: disabled.auth });
    expect([seed001.status, seed001.body]).toEqual([401, { error: '账号已被停用，请联系客服', code: 'ACCOUNT_DISABLED' }]);
  });

  it('an error while answering is answered by the one error filter, in the route’s own envelope', async () => {
    const tasks = await app.getApplicationContext().getAsync(TaskService);
    const list = jest.spyOn(tasks, 'list').mockRejectedValue(new Error('the database went away'));
    const users = await app.getApplicationContext().getAsync(UserService);
    const gone = new AppError('UNAUTHORIZED', '登录已失效，请重新登录');
    const me = jest.spyOn(users, 'me').mockRejectedValue(gone); // the pipeline's call
    const meFor = jest.spyOn(users, 'meFor').mockRejectedValue(gone); // the lane's
    try {
      const crashed = await pair('/api/v1/stickers', '', { Authorization: owner.auth }, 'filter');
      expect([crashed.status, crashed.body]).toEqual([500, { code: 'INTERNAL_ERROR', message: '服务器开小差了，请稍后再试', requestId: RID }]);
      const signedOut = await pair('/api/v1/users/me', '', { Authorization: owner.auth }, 'filter');
      expect([signedOut.status, signedOut.body]).toEqual([401, { code: 'UNAUTHORIZED', message: '登录已失效，请重新登录', requestId: RID }]);
    } finally {
      list.mockRestore();
      me.mockRestore();
      meFor.mockRestore();
    }
  });

  it('every lane answer has its access line and its latency metric under the route’s pattern', async () => {
    // the test app logs warnings and up only: the line is asked for as LOG_LEVEL=info would
    const enabled = jest.spyOn(AccessLog.prototype, 'enabled', 'get').mockReturnValue(true);
    const lines = jest.spyOn(AccessLog.prototype, 'write');
    const before = pipelineCalls();
    await get(`/api/v1/video/query/${finished}?sig=secret`, { Authorization: owner.auth }).expect(200);
    expect(pipelineCalls()).toBe(before);
    expect(lines).toHaveBeenCalledWith(RID, 'GET', `/api/v1/video/query/${finished}?sig=secret`, 200, expect.any(Number));
    lines.mockRestore();
    enabled.mockRestore();
    const metrics = await http(app).get('/metrics').set('Authorization', `Bearer ${METRICS}`);
    const count = new RegExp(`bq_http_request_duration_seconds_count\\{[^}]*route="/api/v1/video/query/:job_id"[^}]*status="200"[^}]*\\} (\\d+)`).exec(
      metrics.text,
    );
    expect(Number(count?.[1])).toBeGreaterThan(0);
  });
});
