import type { Response } from 'supertest';
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

  /** the lane's answer (the pipeline not called, unless for its error filter) and the pipeline's, which must be the same */
  async function pair(path: string, query: string, headers: Record<string, string>, laneUsedFilter = false) {
    const before = pipelineCalls();
    const lane = await get(path + query, headers);
    expect(pipelineCalls()).toBe(before + (laneUsedFilter ? 1 : 0));
    const full = await get(`${path}/${query}`, headers);
    expect(pipelineCalls()).toBe(before + (laneUsedFilter ? 2 : 1));
    expect(answer(lane)).toEqual(answer(full));
    return lane;
  }

  it('the seed 001 poll: a finished, a running, an unknown, someone else’s and a malformed job', async () => {
    const auth = { Authorization: owner.auth };
    const done = await pair(`/api/v1/video/query/${finished}`, '', auth);
    expect(done.body.data).toMatchObject({ job_id: finished, status: 'SUCCEEDED', video_url: expect.stringContaining('.gif') });
    expect((await pair(`/api/v1/video/query/${running}`, '', auth)).body.data).toMatchObject({ status: 'RUNNING' });
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
    expect((await pair('/api/v1/stickers', '?page=0', auth, true)).body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: RID });
    expect((await pair('/api/v1/stickers', '?status=NOPE', auth, true)).status).toBe(400);
    expect((await pair('/api/v1/credits/transactions', '', auth)).body.data.items.length).toBeGreaterThan(0);
    expect((await pair('/api/v1/credits/transactions', '?type=freeze,settle&page_size=1', auth)).body.data.items).toHaveLength(1);
    expect((await pair('/api/v1/credits/transactions', '?type=gift', auth, true)).status).toBe(400);
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

  it('refusals are the pipeline’s: no token, a bad one, an outdated one, a disabled account', async () => {
    const refusal = async (headers: Record<string, string>) => {
      const before = pipelineCalls();
      const r = await get('/api/v1/users/me', headers);
      // the lane declined: the auth middleware refused, in the pipeline
      expect(pipelineCalls()).toBe(before + 1);
      return [r.status, r.body.code];
    };
    expect(await refusal({})).toEqual([401, 'UNAUTHORIZED']);
    expect(await refusal({ Authorization: 'Bearer x.y.z' })).toEqual([401, 'UNAUTHORIZED']);
    const u = await signUp(app);
    const db = await dataSource(app);
    await db.getRepository(User).increment({ phone: u.phone }, 'tokenVersion', 1);
    expect(await refusal({ Authorization: u.auth })).toEqual([401, 'UNAUTHORIZED']);
    const d = await signUp(app);
    await db.getRepository(User).update({ phone: d.phone }, { disabled: true });
    expect(await refusal({ Authorization: d.auth })).toEqual([401, 'ACCOUNT_DISABLED']);
    const seed001 = await get(`/api/v1/video/query/${finished}`, { Authorization: d.auth });
    expect([seed001.status, seed001.body]).toEqual([401, { error: '账号已被停用，请联系客服', code: 'ACCOUNT_DISABLED' }]);
  });

  it('an error while answering is answered by the one error filter, in the route’s own envelope', async () => {
    const tasks = await app.getApplicationContext().getAsync(TaskService);
    const list = jest.spyOn(tasks, 'list').mockRejectedValue(new Error('the database went away'));
    const users = await app.getApplicationContext().getAsync(UserService);
    const me = jest.spyOn(users, 'me').mockRejectedValue(new AppError('UNAUTHORIZED', '登录已失效，请重新登录'));
    try {
      const crashed = await pair('/api/v1/stickers', '', { Authorization: owner.auth }, true);
      expect([crashed.status, crashed.body]).toEqual([500, { code: 'INTERNAL_ERROR', message: '服务器开小差了，请稍后再试', requestId: RID }]);
      const gone = await pair('/api/v1/users/me', '', { Authorization: owner.auth }, true);
      expect([gone.status, gone.body]).toEqual([401, { code: 'UNAUTHORIZED', message: '登录已失效，请重新登录', requestId: RID }]);
    } finally {
      list.mockRestore();
      me.mockRestore();
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
