import { SimulatorService } from '../src/service/pipeline/simulator.service';
import { App, dataSource, http, startApp, stopApp } from './support/app';
import { events, pipelineEnv, signUp, taskStatusBecomes, waitFor } from './support/pipeline';

/**
 * Task events say who really moved a task: a client's status query that found the video ready (`query`), the
 * background sweep (`reconciler`), the submission itself (`dispatcher`). Callbacks: pipeline.callback-adoption
 * and pipeline.callbacks; admin: admin/admin-tasks. The reconciler looks at a fresh task once and then only
 * every hour here, so whoever finishes a task is decided by the test, not by timing.
 */
describe('pipeline: event sources', () => {
  let app: App;
  let auth: string;

  beforeAll(async () => {
    app = await startApp(
      await pipelineEnv({
        SIM_DELAY_MS: '2500',
        PIPELINE_POLL_SECONDS: '3600',
        PIPELINE_QUERY_REFRESH_SECONDS: '0',
        ROUTES_TEXT: 'dashscope',
        PIPELINE_MAX_SUBMIT_ATTEMPTS: '1',
      }),
    );
    auth = (await signUp(app)).auth;
  });

  afterAll(async () => {
    await stopApp(app);
  });

  async function create(prompt: string): Promise<string> {
    const r = await http(app).post('/api/v1/stickers').set('Authorization', auth).send({ kind: 'text', prompt });
    expect(r.status).toBe(200);
    return r.body.data.jobId as string;
  }

  /** The provider has finished the task (the app has not heard yet). */
  async function providerDone(jobId: string) {
    const sim = (await app.getApplicationContext().getAsync(SimulatorService)).simulator!;
    const db = await dataSource(app);
    await waitFor(`the provider to finish ${jobId}`, async () => {
      const [t] = await db.query(`SELECT providerTaskId FROM task WHERE jobId = ?`, [jobId]);
      return t?.providerTaskId && sim.tasks.get(t.providerTaskId)?.result;
    });
  }

  const sourceOf = async (jobId: string, type: string) => (await events(app, jobId)).filter(e => e.type === type).map(e => e.source);

  it('a client query that finds the video ready: converting and succeeded say query', async () => {
    const jobId = await create('查询完成的猫');
    await providerDone(jobId);
    await waitFor('the query to finish the task', async () => {
      const r = await http(app).get(`/api/v1/video/query/${jobId}`).set('Authorization', auth);
      return r.body.data?.status === 'SUCCEEDED';
    });
    expect(await sourceOf(jobId, 'converting')).toEqual(['query']);
    expect(await sourceOf(jobId, 'succeeded')).toEqual(['query']);
  });

  it('nobody watching: the reconciler finishes it and says so', async () => {
    const jobId = await create('后台完成的狗');
    await providerDone(jobId);
    // an hour passes (the next poll is due); nobody queries
    await (await dataSource(app)).query(`UPDATE task SET lastPolledAt = NULL WHERE jobId = ?`, [jobId]);
    expect(await taskStatusBecomes(app, jobId, ['SUCCEEDED', 'FAILED'])).toBe('SUCCEEDED');
    expect(await sourceOf(jobId, 'converting')).toEqual(['reconciler']);
    expect(await sourceOf(jobId, 'succeeded')).toEqual(['reconciler']);
  });

  it('a submission that cannot go out: failed says dispatcher', async () => {
    const jobId = await create('[sim:500] 提交失败的鸟');
    expect(await taskStatusBecomes(app, jobId, ['SUCCEEDED', 'FAILED'])).toBe('FAILED');
    expect(await sourceOf(jobId, 'failed')).toEqual(['dispatcher']);
  });
});
