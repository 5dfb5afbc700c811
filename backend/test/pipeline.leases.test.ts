import { App, dataSource, http, startApp, stopApp } from './support/app';
import { holdConversions } from './support/hold-conversion';
import { events, pipelineEnv, signUp, taskStatusBecomes, waitFor } from './support/pipeline';

/**
 * A lease is short (LEASE_SECONDS) and renewed by a heartbeat while the work goes on: a conversion that takes
 * several leases is never taken over while its instance lives, and the task is converted and settled once.
 */
describe('pipeline: leases renewed by a heartbeat', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ LEASE_SECONDS: '2' }));
  });

  afterAll(async () => {
    await stopApp(app);
  });

  it('keeps a conversion longer than its lease without a takeover', async () => {
    const hold = await holdConversions(app);
    const u = await signUp(app);
    const created = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '慢慢转换' });
    const jobId = created.body.data.jobId as string;
    await taskStatusBecomes(app, jobId, ['CONVERTING']);

    // three leases long: the lease keeps moving forward and nobody resumes the task
    const db = await dataSource(app);
    // SQLite answers UTC text, MariaDB a Date
    const leaseUntil = async () => {
      const v: string | Date = (await db.query('SELECT leaseUntil FROM task WHERE jobId = ?', [jobId]))[0].leaseUntil;
      return (v instanceof Date ? v : new Date(v.replace(' ', 'T') + 'Z')).getTime();
    };
    const first = await leaseUntil();
    await waitFor('the lease to be renewed', async () => (await leaseUntil()) > first, 10000, 200);
    await new Promise(r => setTimeout(r, 6000)); // the point of the test: time passing beyond three leases
    expect(await leaseUntil()).toBeGreaterThan(Date.now() - 1000);
    hold.release();

    expect(await taskStatusBecomes(app, jobId, ['SUCCEEDED', 'FAILED'])).toBe('SUCCEEDED');
    const types = (await events(app, jobId)).map(e => e.type);
    expect(types).not.toContain('convert_resumed');
    expect(types.filter(t => t === 'succeeded')).toHaveLength(1);
    const settles = await db.query(`SELECT COUNT(*) AS n FROM credit_entry WHERE type = 'settle' AND referenceId = ?`, [jobId]);
    expect(Number(settles[0].n)).toBe(1);
  });
});
