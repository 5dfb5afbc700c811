import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { Task } from '../../entity/task.entity';
import { ProviderSlots } from './provider-slots.service';
import { PipelineConfig, TaskLifecycle, USER_MESSAGES } from './task-lifecycle.service';
import { ACTIVE, AT_PROVIDER } from './task-transitions';

/** The background sweep of one instance; safe on several at once (every step claims its task first). */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TaskReconciler {
  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @Inject()
  lifecycle: TaskLifecycle;

  @Inject()
  slots: ProviderSlots;

  @Config('pipeline')
  cfg: PipelineConfig;

  /**
   * Finishes work nobody is watching: times out stale tasks, polls in-flight tasks whose last look is old,
   * and takes over conversions whose lease expired (e.g. the instance doing it stopped).
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
      await this.lifecycle.failTask(t, ACTIVE, 'GENERATION_TIMEOUT', USER_MESSAGES.timeout, `timeout after ${this.cfg.taskTimeoutSeconds} s in ${t.status}`, 'reconciler');
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

    const orphans = await this.tasks
      .createQueryBuilder('t')
      .where('t.status = :s', { s: 'CONVERTING' })
      .andWhere(new Brackets(q => q.where('t.leaseUntil IS NULL').orWhere('t.leaseUntil < :now', { now })))
      .limit(5)
      .getMany();
    for (const t of orphans) {
      if (await this.lifecycle.claim(t, ['CONVERTING'])) {
        await this.lifecycle.record(t.id, 'convert_resumed', 'reconciler', 'CONVERTING', { previousOwner: t.leaseOwner });
        await this.lifecycle.convert(t.id);
      }
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
