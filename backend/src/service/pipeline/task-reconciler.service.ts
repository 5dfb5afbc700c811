import * as os from 'os';
import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { Task } from '../../entity/task.entity';
import { ProviderSlots } from './provider-slots.service';
import { TaskLeases } from './task-lease.service';
import { PipelineConfig, TaskLifecycle, USER_MESSAGES } from './task-lifecycle.service';
import { ACTIVE, AT_PROVIDER } from './task-transitions';

/** conversions one instance claims ahead of its GIF pool */
const CONVERSIONS_AHEAD = Math.max(2, os.cpus().length * 2);

/** The background sweep of one instance; safe on several at once (every step claims its task first). */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TaskReconciler {
  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @Inject()
  lifecycle: TaskLifecycle;

  @Inject()
  leases: TaskLeases;

  @Inject()
  slots: ProviderSlots;

  @Config('pipeline')
  cfg: PipelineConfig;

  /**
   * Finishes work nobody is watching: times out stale tasks, polls in-flight tasks whose last look is old,
   * and takes over conversions without a live lease: handed over by an API instance (no owner), handed back by a
   * stopping instance, or left by a killed one (its lease ran out because nobody renewed it).
   */
  async reconcileOnce(): Promise<void> {
    const now = new Date();
    const deadline = new Date(now.getTime() - this.cfg.taskTimeoutSeconds * 1000);
    const stale = await this.tasks
      .createQueryBuilder('t')
      .where('t.status IN (:...s)', { s: ACTIVE })
      .andWhere('t.createdAt < :deadline', { deadline })
      .andWhere(new Brackets(q => q.where('t.leaseUntil IS NULL').orWhere('t.leaseUntil < :now', { now })))
      .limit(50)
      .getMany();
    for (const t of stale) {
      // an interrupted submission may have started a provider task: record it before the task times out
      if (t.status === 'QUEUED' && t.submittingSince) await this.slots.recoverIntent(t);
      await this.lifecycle.failTask(
        t,
        ACTIVE,
        'GENERATION_TIMEOUT',
        USER_MESSAGES.timeout,
        `timeout after ${this.cfg.taskTimeoutSeconds} s in ${t.status}`,
        'reconciler',
      );
    }

    const pollBefore = new Date(now.getTime() - this.cfg.pollIntervalSeconds * 1000);
    const inflight = await this.tasks
      .createQueryBuilder('t')
      .where('t.status IN (:...s)', { s: AT_PROVIDER })
      .andWhere(new Brackets(q => q.where('t.lastPolledAt IS NULL').orWhere('t.lastPolledAt < :before', { before: pollBefore })))
      .orderBy('t.lastPolledAt', 'ASC')
      .limit(20)
      .getMany();
    for (const t of inflight) await this.lifecycle.poll(t, 'reconciler', this.cfg.pollIntervalSeconds);

    await this.recoverIntents(now);

    // conversions run in the background (the GIF engine queues them); take no more than this instance can start soon
    const room = CONVERSIONS_AHEAD - this.leases.busy;
    if (room <= 0) return;
    const orphans = await this.tasks
      .createQueryBuilder('t')
      .where('t.status = :s', { s: 'CONVERTING' })
      .andWhere(new Brackets(q => q.where('t.leaseUntil IS NULL').orWhere('t.leaseUntil < :now', { now })))
      .orderBy('t.id', 'ASC')
      .limit(room)
      .getMany();
    for (const t of orphans) {
      if (!(await this.leases.claim(t, ['CONVERTING']))) continue;
      // an owner named on an expired lease is a takeover; no owner is an API instance's hand-over
      if (t.leaseOwner) await this.lifecycle.record(t.id, 'convert_resumed', 'reconciler', 'CONVERTING', { previousOwner: t.leaseOwner });
      this.lifecycle.convertInBackground(t.id, 'reconciler');
    }
  }

  /** Submissions interrupted mid-call (intent recorded, lease expired, no provider task id): ProviderSlots.recoverIntent. */
  async recoverIntents(now = new Date()): Promise<number> {
    const interrupted = await this.tasks
      .createQueryBuilder('t')
      .where("t.status = 'QUEUED'")
      .andWhere('t.submittingSince IS NOT NULL')
      .andWhere(new Brackets(q => q.where('t.leaseUntil IS NULL').orWhere('t.leaseUntil < :now', { now })))
      .limit(20)
      .getMany();
    let recovered = 0;
    for (const t of interrupted) if (await this.slots.recoverIntent(t)) recovered += 1;
    return recovered;
  }
}
