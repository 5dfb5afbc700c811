import * as path from 'path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../src/config/database';
import { Task } from '../src/entity/task.entity';
import { TaskEvent } from '../src/entity/task-event.entity';
import { ProviderSlots } from '../src/service/pipeline/provider-slots.service';
import { TaskLeases } from '../src/service/pipeline/task-lease.service';
import { TaskReconciler } from '../src/service/pipeline/task-reconciler.service';
import { App, dataSource, startApp, stopApp } from './support/app';
import { waitFor } from './support/pipeline';

/**
 * Exact provider limits across instances: many claimers racing for a provider's last slots, from several
 * "instances" (on MariaDB each its own DataSource and connection pool, i.e. its own sessions; on SQLite the
 * single process), never take more slots than the limit. A slot held by an instance that died comes back on
 * its own: its intent is recovered once its lease runs out, and the orphan's hold expires.
 */
describe('pipeline: provider slots', () => {
  let app: App;
  let db: DataSource;
  let base: ProviderSlots;
  const extra: DataSource[] = [];
  const providers: string[] = [];
  const taskIds: number[] = [];
  const mysql = process.env.DB_TYPE === 'mysql';

  beforeAll(async () => {
    app = await startApp({ PIPELINE_WORKER: 'false', PIPELINE_ORPHAN_HOLD_SECONDS: '2' });
    db = await dataSource(app);
    base = await app.getApplicationContext().getAsync(ProviderSlots);
  });

  afterAll(async () => {
    // the rows are this file's own (no user, no hold): gone before the next file's worker could pick them up
    if (db && taskIds.length) {
      await db.query(`DELETE FROM task_event WHERE taskId IN (${taskIds.join(',')})`);
      await db.query(`DELETE FROM task WHERE id IN (${taskIds.join(',')})`);
    }
    if (db && providers.length) {
      await db.query(`DELETE FROM provider_gate WHERE provider IN (${providers.map(() => '?').join(',')})`, providers);
    }
    for (const d of extra) await d.destroy();
    await stopApp(app);
  });

  /** A provider name of this run (the gate rows and counts are per provider). */
  function providerName(): string {
    const p = `t${process.pid % 1000}${Date.now() % 1e7}${providers.length}`.slice(0, 16);
    providers.push(p);
    return p;
  }

  /** Another instance: its own lease owner id and, on MariaDB, its own connection pool. */
  async function instance(id: string): Promise<ProviderSlots> {
    let own = db;
    if (mysql) {
      own = new DataSource({
        ...(databaseOptions() as object),
        synchronize: false,
        migrations: [],
        poolSize: 10,
        entities: [path.join(__dirname, '..', 'src', 'entity', '*.entity.ts')],
      } as never);
      await own.initialize();
      extra.push(own);
    }
    // the injected properties are getters: shadow them on a derived object (claim only uses db, leases and lifecycle)
    const leases = Object.create(base.leases) as TaskLeases;
    Object.defineProperty(leases, 'instanceId', { value: id });
    const slots = Object.create(base) as ProviderSlots;
    Object.defineProperty(slots, 'db', { value: own });
    Object.defineProperty(slots, 'leases', { value: leases });
    return slots;
  }

  /** A QUEUED task leased by `owner` until `leaseMs` from now, as the dispatcher leaves it before taking a slot. */
  async function leasedTask(owner: string, leaseMs = 60000): Promise<Task> {
    const repo = db.getRepository(Task);
    const jobId = `job_slots${Date.now().toString(16)}${Math.random().toString(16).slice(2, 12)}`;
    await repo.insert({
      jobId,
      userId: 0,
      kind: 'text',
      mode: 't2v',
      status: 'QUEUED',
      prompt: 'slots',
      credits: 0,
      leaseOwner: owner,
      leaseUntil: new Date(Date.now() + leaseMs),
    });
    const task = await repo.findOneByOrFail({ jobId });
    taskIds.push(task.id);
    return task;
  }

  it('many instances racing never take more than the limit', async () => {
    const provider = providerName();
    const limit = 3;
    const instances = await Promise.all([0, 1, 2, 3].map(i => instance(`racer-${i}`)));
    const owners = instances.map(s => s.leases.instanceId);
    const tasks = await Promise.all(Array.from({ length: 32 }, (_, i) => leasedTask(owners[i % 4]!)));
    // every task is claimed by the instance that leased it, all at once
    const race = (ts: Task[]) => Promise.all(ts.map(t => instances[owners.indexOf(t.leaseOwner!)]!.claim(t, provider, 'm', limit)));

    const first = await race(tasks);
    expect(first.filter(Boolean)).toHaveLength(limit);
    expect(await base.inFlight(provider)).toBe(limit);

    // the winners reach the provider (still in flight); one of them finishes: exactly one slot frees
    const winners = tasks.filter((_, i) => first[i]);
    const losers = tasks.filter((_, i) => !first[i]);
    await db.getRepository(Task).update(
      winners.map(t => t.id),
      { status: 'RUNNING', submittingSince: null },
    );
    await db.getRepository(Task).update({ id: winners[0]!.id }, { status: 'SUCCEEDED' });
    expect(await base.inFlight(provider)).toBe(limit - 1);
    const second = await race(losers);
    expect(second.filter(Boolean)).toHaveLength(1);
    expect(await base.inFlight(provider)).toBe(limit);

    const intents = await db.query(`SELECT COUNT(*) AS n FROM task_event e JOIN task t ON t.id = e.taskId WHERE t.provider = ? AND e.type = 'submitting'`, [
      provider,
    ]);
    expect(Number(intents[0].n)).toBe(limit + 1);
  });

  it("a dead instance's slot comes back after its lease and the orphan's hold run out", async () => {
    const provider = providerName();
    const dead = await instance('dead-instance');
    const held = await leasedTask('dead-instance', 1000);
    expect(await dead.claim(held, provider, 'm', 1)).toBe(true);
    const waiting = await leasedTask(base.leases.instanceId);
    expect(await base.claim(waiting, provider, 'm', 1)).toBe(false);

    // the holder never answers: once its lease is over, the reconciler records the orphan and requeues the task
    const reconciler = await app.getApplicationContext().getAsync(TaskReconciler);
    await waitFor('the interrupted submission to be recovered', async () => (await reconciler.recoverIntents()) > 0, 15000);
    const row = await db.getRepository(Task).findOneByOrFail({ id: held.id });
    expect(row).toMatchObject({ status: 'QUEUED', submittingSince: null, orphanProvider: provider, leaseOwner: null });
    const orphaned = await db.getRepository(TaskEvent).findOneByOrFail({ taskId: held.id, type: 'orphaned' });
    expect(orphaned.source).toBe('reconciler');
    expect(JSON.parse(orphaned.data ?? '{}')).toMatchObject({ provider, model: 'm', rule: 'resubmit', previousOwner: 'dead-instance' });

    // the orphan keeps the slot until its hold expires (the provider may still be running it), then it is free
    await waitFor('the orphan slot to expire', async () => base.claim(waiting, provider, 'm', 1), 15000);
    expect(Date.now()).toBeGreaterThanOrEqual(row.orphanUntil!.getTime());
    expect(await base.inFlight(provider)).toBe(1);
  });
});
