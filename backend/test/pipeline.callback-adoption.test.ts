import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startSimulator, Simulator } from '../src/simulator';
import { pipelineEnv } from './support/pipeline';

/**
 * The other half of a crash mid-submit (pipeline.submit-crash.test.ts): the provider took the create but its
 * answer never reaches us. A provider with callbacks (evolink) calls back with our job id in the signed URL;
 * that callback adopts its provider task — followed to the end, no second submission, no orphan, one charge.
 * (Midway keeps the first app's config per test file, so this runs in its own file.)
 */
describe('pipeline: a callback adopts a provider task whose create answer was lost', () => {
  let sim: Simulator;
  let simOpen = false;
  let dir: string;
  const closeSim = async () => {
    if (simOpen) await sim.close();
    simOpen = false;
  };

  beforeAll(async () => {
    sim = await startSimulator({ delayMs: 1200, createAnswerDelayMs: 600000 });
    simOpen = true;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-adopt-'));
  });

  afterAll(async () => {
    await closeSim();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function sharedEnv(extra: Record<string, string>) {
    return { ...(process.env.DB_TYPE === 'mysql' ? {} : { DB_PATH: path.join(dir, 'app.sqlite') }), ...extra };
  }

  it('evolink: adopted from the callback, converted after the callback, nothing resubmitted', async () => {
    const shared = await sharedEnv({
      EVOLINK_API_KEY: 'evolink-standin',
      EVOLINK_BASE_URL: `${sim.url}/evolink`,
      VIDEO_DOWNLOAD_TRUSTED_ORIGINS: sim.url,
      ROUTES_TEXT: 'evolink',
    });
    const { startApp, stopApp, http: request, dataSource } = await import('./support/app');
    const pipe = await import('./support/pipeline');
    const app = await startApp(await pipelineEnv(shared));
    try {
      const u = await pipe.signUp(app);
      const created = await request(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '回调认领' });
      const jobId = created.body.data.jobId as string;
      // the provider took the create and never answers it; its callback arrives when the video is done
      expect(await pipe.taskStatusBecomes(app, jobId, ['SUCCEEDED', 'FAILED'], 45000)).toBe('SUCCEEDED');

      const events = await pipe.events(app, jobId);
      const types = events.map(e => e.type);
      expect(types).toEqual(expect.arrayContaining(['submitting', 'adopted', 'converting', 'succeeded']));
      expect(types).not.toContain('submitted');
      expect(types).not.toContain('orphaned');
      expect(events.find(e => e.type === 'adopted')!.source).toBe('callback');
      // the callback moved it on; the conversion is the reconciler's, because the lost create still holds the
      // task's lease (renewed by the heartbeat) and work under someone else's lease is left to a worker's round
      expect(events.find(e => e.type === 'converting')!.source).toBe('callback');
      expect(events.find(e => e.type === 'succeeded')!.source).toBe('reconciler');
      expect(sim.tasks.size).toBe(1);
      const [row] = await (await dataSource(app)).query(`SELECT providerTaskId FROM task WHERE jobId = ?`, [jobId]);
      expect(sim.tasks.has(row.providerTaskId)).toBe(true);

      // the create's answer never comes (the connection drops): nothing more is recorded for the adopted task
      await closeSim();
      const { PipelineWorker } = await import('../src/service/pipeline/pipeline.worker');
      await (await app.getApplicationContext().getAsync(PipelineWorker)).stop(); // waits for that dispatch round to end
      expect(await pipe.events(app, jobId)).toHaveLength(events.length);
      const settles = await (await dataSource(app)).query(`SELECT COUNT(*) AS n FROM credit_entry WHERE type = 'settle' AND referenceId = ?`, [jobId]);
      expect(Number(settles[0].n)).toBe(1);
      expect((await pipe.credits(app, u.auth)).frozen).toBe(0);
      await pipe.expectLedgerClean(app);
    } finally {
      await closeSim();
      await stopApp(app);
    }
  });
});
