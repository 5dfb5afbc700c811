import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { Brackets, DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { ProviderGate } from '../../entity/provider-gate.entity';
import { Task } from '../../entity/task.entity';
import { isSqlite, unitOfWork } from '../../unit-of-work';
import { TaskLeases } from './task-lease.service';
import { PipelineConfig, Source, TaskLifecycle } from './task-lifecycle.service';
import { AT_PROVIDER } from './task-transitions';

/**
 * Exact provider concurrency limits across instances (docs/deploy.md, "Provider limits").
 *
 * A slot is not a separate token that an instance holds: it is the state of a task row. A task occupies one
 * slot of its provider while it is
 *   - QUEUED with `submittingSince` set (intent to submit recorded, the provider's answer not yet),
 *   - PENDING or RUNNING (at the provider), or
 *   - an orphan: a provider task we may have started but never recorded, until `orphanUntil`.
 * Taking a slot = counting those rows and recording the intent in ONE transaction that first locks the
 * provider's `provider_gate` row (`SELECT … FOR UPDATE` on MySQL/MariaDB; on SQLite every transaction of the
 * single process is serialized already), so two instances never both see the last free slot.
 * Nothing has to be released by hand or renewed: every transition out of those states gives the slot back
 * in the same UPDATE, and a slot of a dead instance comes back on its own — its intent is found with an
 * expired lease and recovered (TaskReconciler.recoverIntents), and an orphan's slot expires.
 * The database is the one mechanism on every deployment (SQLite single instance, MariaDB many): a Redis
 * semaphore would be a second source of truth next to the task rows, and could not be committed together
 * with the intent.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ProviderSlots {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  lifecycle: TaskLifecycle;

  @Inject()
  leases: TaskLeases;

  @Config('pipeline')
  cfg: PipelineConfig;

  /** Slots of `provider` taken right now, across all instances. */
  async inFlight(provider: string, em: EntityManager = this.db.manager): Promise<number> {
    const now = new Date();
    const [tasks, orphans] = await Promise.all([
      em
        .createQueryBuilder(Task, 't')
        .where('t.provider = :provider', { provider })
        .andWhere(new Brackets(q => q.where('t.status IN (:...at)', { at: AT_PROVIDER }).orWhere("t.status = 'QUEUED' AND t.submittingSince IS NOT NULL")))
        .getCount(),
      em.createQueryBuilder(Task, 't').where('t.orphanProvider = :provider', { provider }).andWhere('t.orphanUntil > :now', { now }).getCount(),
    ]);
    return tasks + orphans;
  }

  /**
   * Takes a slot of `provider` for a QUEUED task this instance holds the lease on, by recording the intent to
   * submit (`submittingSince`, provider, model, and a `submitting` event) — committed before the provider is
   * called. False when the provider is full (or the task moved on); nothing changes then.
   */
  async claim(task: Task, provider: string, model: string, limit: number): Promise<boolean> {
    await this.db.createQueryBuilder().insert().into(ProviderGate).values({ provider, claims: 0 }).orIgnore().execute();
    return unitOfWork(this.db, async em => {
      if (!isSqlite(this.db)) {
        await em.createQueryBuilder(ProviderGate, 'g').setLock('pessimistic_write').where('g.provider = :provider', { provider }).getOne();
      }
      if ((await this.inFlight(provider, em)) >= limit) return false;
      const now = new Date();
      const res = await em.update(
        Task,
        { id: task.id, status: 'QUEUED', leaseOwner: this.leases.instanceId, submittingSince: IsNull() },
        { submittingSince: now, provider, model },
      );
      if (res.affected !== 1) return false;
      await em.increment(ProviderGate, { provider }, 'claims', 1);
      await this.lifecycle.record(task.id, 'submitting', 'dispatcher', 'QUEUED', { provider, model }, em);
      task.submittingSince = now;
      task.provider = provider;
      task.model = model;
      return true;
    });
  }

  /**
   * Records a provider task we may have started but cannot follow, and keeps its slot for
   * `orphanHoldSeconds` (the provider may still be running it; it still counts against the account limit).
   * `providerTaskId` is known when a submission answered after its task had moved on; unknown after a crash.
   */
  async recordOrphan(task: Pick<Task, 'id'>, provider: string, source: Source, data: Record<string, unknown>, em?: EntityManager) {
    const now = new Date();
    await unitOfWork(
      this.db,
      async tx => {
        await tx.update(Task, { id: task.id }, { orphanProvider: provider, orphanUntil: new Date(now.getTime() + this.cfg.orphanHoldSeconds * 1000) });
        const row = await tx.findOne(Task, { where: { id: task.id }, select: { id: true, status: true } });
        await this.lifecycle.record(task.id, 'orphaned', source, row?.status ?? null, { provider, at: now.toISOString(), ...data }, tx);
      },
      em,
    );
  }

  /**
   * Recovers a task whose submission was interrupted (intent recorded, no answer, lease expired: its instance
   * died mid-call). None of our providers can be asked "did you get job X?" (REFERENCE.md: DashScope, evolink
   * and kie only query by their own task id), so the rule is: record the orphan (it keeps its slot until it
   * expires), then resubmit — the task is QUEUED again for the dispatcher. The user's one hold stays and is
   * settled once. If the orphan's callback arrives before the resubmission answers, it is adopted instead
   * (adoptFromCallback). Returns false when another instance got there first.
   */
  async recoverIntent(task: Task): Promise<boolean> {
    if (!(await this.leases.claim(task, ['QUEUED']))) return false;
    return unitOfWork(this.db, async em => {
      const res = await em.update(
        Task,
        { id: task.id, status: 'QUEUED', leaseOwner: this.leases.instanceId, submittingSince: Not(IsNull()) },
        { submittingSince: null, leaseOwner: null, leaseUntil: null, nextAttemptAt: null },
      );
      if (res.affected !== 1) return false;
      await this.recordOrphan(
        task,
        task.provider ?? 'unknown',
        'reconciler',
        {
          model: task.model,
          submittingSince: task.submittingSince?.toISOString() ?? null,
          previousOwner: task.leaseOwner,
          providerTaskId: null,
          rule: 'resubmit',
        },
        em,
      );
      return true;
    });
  }

  /**
   * A callback (carrying our job id in its signed URL) for a task whose submission never recorded a provider
   * task id: the provider did create it, so we follow that task instead of leaving it orphaned. The task
   * moves to PENDING with the callback's provider task id; false when it already has one (or moved on).
   */
  async adoptFromCallback(task: Task, provider: string, providerTaskId: string): Promise<boolean> {
    if (task.status !== 'QUEUED' || task.providerTaskId || !(task.submittingSince || task.orphanProvider === provider)) return false;
    return unitOfWork(this.db, async em => {
      const res = await em.update(
        Task,
        { id: task.id, status: 'QUEUED', providerTaskId: IsNull(), provider },
        {
          status: 'PENDING',
          providerTaskId,
          submittedAt: new Date(),
          submittingSince: null,
          orphanProvider: null,
          orphanUntil: null,
          leaseOwner: null,
          leaseUntil: null,
          nextAttemptAt: null,
        },
      );
      if (res.affected !== 1) return false;
      await this.lifecycle.record(task.id, 'adopted', 'callback', 'PENDING', { provider, providerTaskId }, em);
      Object.assign(task, { status: 'PENDING', providerTaskId, submittingSince: null, orphanProvider: null, orphanUntil: null });
      return true;
    });
  }
}
