import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { startSimulator, Simulator } from '../src/simulator';
import { freshModuleRegistry } from './support/fresh-registry';
import { pipelineEnv } from './support/pipeline';

/**
 * A crash between the intent to submit and the provider's answer: the provider started a task (the stand-in
 * holds back its create answer) but the instance that asked never records it. Recovery must not resubmit
 * silently: DashScope cannot be asked about it, so the orphan is recorded (task event + admin view) and the
 * task resubmitted (a provider that calls back with our job id: pipeline.callback-adoption.test.ts). The user
 * is charged once. Two apps in one file need a fresh module registry each.
 */
describe('pipeline: crash while a provider create is in flight', () => {
  let sim: Simulator;
  let simOpen = false;
  const dirs: string[] = [];
  const closeSim = async () => {
    if (simOpen) await sim.close();
    simOpen = false;
  };

  beforeEach(async () => {
    sim = await startSimulator({ delayMs: 1200, createAnswerDelayMs: 600000 });
    simOpen = true;
  });

  afterEach(async () => {
    await closeSim();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function sharedEnv(extra: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-submit-crash-'));
    dirs.push(dir);
    return { ...(process.env.DB_TYPE === 'mysql' ? {} : { DB_PATH: path.join(dir, 'app.sqlite') }), ...extra };
  }

  it('DashScope (no callback): records the orphan, resubmits once, charges once', async () => {
    const shared = await sharedEnv({
      DASHSCOPE_API_KEY: 'sk-standin',
      DASHSCOPE_BASE_URL: `${sim.url}/dashscope`,
      VIDEO_DOWNLOAD_TRUSTED_ORIGINS: sim.url,
      ROUTES_TEXT: 'dashscope',
      PIPELINE_LEASE_SECONDS: '2',
      PIPELINE_ORPHAN_HOLD_SECONDS: '30',
    });
    const first = await import('./support/app');
    const pipe1 = await import('./support/pipeline');
    // both instances on the same host and port, one after the other (Midway keeps the first app's port)
    const env = await pipelineEnv(shared);
    const app1 = await first.startApp(env);
    const standIns1: Array<{ stop(): Promise<void> }> = [];
    {
      const { SimulatorService } = await import('../src/service/pipeline/simulator.service');
      const { PaymentSimulatorService } = await import('../src/service/payments/payment-simulator.service');
      standIns1.push(await app1.getApplicationContext().getAsync(SimulatorService), await app1.getApplicationContext().getAsync(PaymentSimulatorService));
    }
    let app2: typeof app1 | undefined;
    let second: typeof first | undefined;
    try {
      const u = await pipe1.signUp(app1);
      const before = await pipe1.credits(app1, u.auth);
      const created = await first.http(app1).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '提交途中崩溃' });
      const jobId = created.body.data.jobId as string;

      // the provider has the task, our instance is waiting for the answer: it dies now (its worker stops for good)
      await pipe1.waitFor('the create to reach the provider', async () => sim.tasks.size === 1);
      const db1 = await first.dataSource(app1);
      const [intent] = await db1.query(`SELECT status, submittingSince, providerTaskId, leaseOwner FROM task WHERE jobId = ?`, [jobId]);
      expect(intent).toMatchObject({ status: 'QUEUED', providerTaskId: null });
      expect(intent.submittingSince).not.toBeNull();
      const { PipelineWorker } = await import('../src/service/pipeline/pipeline.worker');
      void (await app1.getApplicationContext().getAsync(PipelineWorker)).stop();
      const server = (app1.getFramework() as unknown as { getServer(): http.Server }).getServer();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      sim.knobs.createAnswerDelayMs = 0;

      // a new instance on the same database and provider takes over
      freshModuleRegistry();
      second = await import('./support/app');
      const pipe2 = await import('./support/pipeline');
      app2 = await second.startApp(env);
      expect(await pipe2.taskStatusBecomes(app2, jobId, ['SUCCEEDED', 'FAILED'], 45000)).toBe('SUCCEEDED');

      const events = await pipe2.events(app2, jobId);
      const types = events.map(e => e.type);
      expect(types.filter(t => t === 'orphaned')).toHaveLength(1);
      expect(types.indexOf('orphaned')).toBeLessThan(types.indexOf('submitted'));
      expect(types.filter(t => t === 'submitting')).toHaveLength(2);
      expect(types.filter(t => t === 'submitted')).toHaveLength(1);
      expect(events.find(e => e.type === 'orphaned')!.source).toBe('reconciler');
      // one provider task followed, the other recorded as the orphan
      expect(sim.tasks.size).toBe(2);

      // the orphan is in the admin task view, with its provider and the instance that died
      const { adminAccount } = await import('./support/rows');
      const admin = await adminAccount(app2);
      const detail = await second.http(app2).get(`/api/v1/admin/tasks/${jobId}`).set('Authorization', admin.auth).expect(200);
      const orphan = (detail.body.data.events as Array<{ type: string; data: Record<string, unknown> }>).find(e => e.type === 'orphaned');
      expect(orphan?.data).toMatchObject({ provider: 'dashscope', rule: 'resubmit', previousOwner: intent.leaseOwner, providerTaskId: null });
      expect(detail.body.data.orphans).toHaveLength(1);
      expect(detail.body.data.orphans[0]).toMatchObject({ type: 'orphaned', source: 'reconciler', data: { provider: 'dashscope' } });

      const db2 = await second.dataSource(app2);
      const settles = await db2.query(`SELECT COUNT(*) AS n FROM credit_entry WHERE type = 'settle' AND referenceId = ?`, [jobId]);
      expect(Number(settles[0].n)).toBe(1);
      const after = await pipe2.credits(app2, u.auth);
      expect(after.frozen).toBe(0);
      const [row] = await db2.query(`SELECT credits FROM task WHERE jobId = ?`, [jobId]);
      expect(before.available - after.available).toBe(Number(row.credits));
      expect(sim.inFlight.dashscope!.peak).toBeLessThanOrEqual(2);
      await pipe2.expectLedgerClean(app2);
    } finally {
      await second?.stopApp(app2);
      await closeSim(); // the dead instance's create finally fails; it must not record anything for the finished task
      // with a second app started while it was open, the first app's own stand-ins are not stopped by its close
      for (const standIn of standIns1) await standIn.stop();
      await first.stopApp(app1);
    }
  });
});
