import { Config, ILogger, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import type { TaskStatus } from '@app/shared';
import type { InstanceConfig } from '../../config/instance';
import { Task } from '../../entity/task.entity';

/**
 * Leases on tasks (task.leaseOwner / leaseUntil): the one place that claims, renews and gives them back.
 * A lease is short (LEASE_SECONDS) and renewed by a heartbeat every third of it while this process works on the
 * task, so the work of a killed process is taken over within a lease; a clean stop hands its leases back at once,
 * and a restart with the same INSTANCE_ID takes its own back at start.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TaskLeases {
  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @Config('pipeline.leaseSeconds')
  leaseSeconds: number;

  @Config('instance')
  instance: InstanceConfig;

  @Logger()
  logger: ILogger;

  /** tasks this process is working on (submitting or converting) → that work */
  private readonly working = new Map<number, Promise<unknown>>();
  private heartbeat?: NodeJS.Timeout;

  get instanceId(): string {
    return this.instance.id;
  }

  /** how many tasks this process is working on */
  get busy(): number {
    return this.working.size;
  }

  isWorking(taskId: number): boolean {
    return this.working.has(taskId);
  }

  until(from = Date.now()): Date {
    return new Date(from + this.leaseSeconds * 1000);
  }

  /** Claims a task in one of `statuses` with a lease. Returns false when someone else holds it. */
  async claim(task: Pick<Task, 'id'>, statuses: TaskStatus[]): Promise<boolean> {
    const now = new Date();
    const res = await this.tasks
      .createQueryBuilder()
      .update(Task)
      .set({ leaseOwner: this.instanceId, leaseUntil: this.until(now.getTime()) })
      .where('id = :id', { id: task.id })
      .andWhere('status IN (:...statuses)', { statuses })
      .andWhere(new Brackets(q => q.where('leaseUntil IS NULL').orWhere('leaseUntil < :now', { now })))
      .execute();
    return res.affected === 1;
  }

  /** Gives up this instance's lease, setting `fields` in the same UPDATE (with `em`, inside the caller's transaction). */
  unlease(taskId: number, fields: Partial<Task> = {}, em: EntityManager = this.tasks.manager) {
    return em.update(Task, { id: taskId, leaseOwner: this.instanceId }, { ...fields, leaseOwner: null, leaseUntil: null });
  }

  /**
   * Runs `work` on a task this process holds the lease of; the heartbeat keeps the lease alive until it ends.
   * Resolves undefined without running it when this process already works on the task.
   */
  async hold<T>(taskId: number, work: () => Promise<T>): Promise<T | undefined> {
    if (this.working.has(taskId)) return undefined;
    const run = Promise.resolve().then(work);
    this.working.set(taskId, run);
    this.beat();
    try {
      return await run;
    } finally {
      this.working.delete(taskId);
      if (this.working.size === 0) this.stopBeat();
    }
  }

  /** Pushes the leases of the tasks being worked on a lease further (the heartbeat's step). */
  async renew(): Promise<void> {
    const ids = [...this.working.keys()];
    if (ids.length === 0) return;
    await this.tasks.update({ id: In(ids), leaseOwner: this.instanceId }, { leaseUntil: this.until() });
  }

  /**
   * Of these task ids, the ones somebody is converting now: here, or anywhere under a live lease. A work folder of
   * any other task is left over from a conversion that was killed.
   */
  async inUse(taskIds: number[]): Promise<Set<number>> {
    const used = new Set(taskIds.filter(id => this.working.has(id)));
    const others = taskIds.filter(id => !used.has(id));
    if (others.length === 0) return used;
    const live = await this.tasks
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.id IN (:...ids)', { ids: others })
      .andWhere('t.status = :s', { s: 'CONVERTING' })
      .andWhere('t.leaseUntil > :now', { now: new Date() })
      .andWhere('t.leaseOwner <> :me', { me: this.instanceId })
      .getRawMany<{ id: number | string }>();
    for (const r of live) used.add(Number(r.id));
    return used;
  }

  /**
   * At start, with a stable INSTANCE_ID: leases a previous life of this instance left (it was killed) run out now,
   * so their work is taken over at once instead of after a lease. Returns how many.
   */
  async reclaimOwn(): Promise<number> {
    const res = await this.tasks
      .createQueryBuilder()
      .update(Task)
      .set({ leaseUntil: new Date() })
      .where('leaseOwner = :me', { me: this.instanceId })
      .andWhere('leaseUntil > :now', { now: new Date() })
      .execute();
    return res.affected ?? 0;
  }

  /**
   * Shutdown: waits up to `graceMs` for the work in progress, then lets the leases of conversions still running run
   * out now (the owner stays named, so the next holder records a takeover). A submission still waiting for its
   * provider keeps its lease, which runs out by itself: handing it back early could send the task twice.
   */
  async drain(graceMs: number): Promise<{ finished: boolean; handedBack: number }> {
    const pending = [...this.working.values()].map(p => p.catch(() => undefined));
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(pending).then(() => true),
      new Promise<boolean>(resolve => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    this.stopBeat();
    const res = await this.tasks
      .createQueryBuilder()
      .update(Task)
      .set({ leaseUntil: new Date() })
      .where('leaseOwner = :me', { me: this.instanceId })
      .andWhere('status = :s', { s: 'CONVERTING' })
      .andWhere('leaseUntil > :now', { now: new Date() })
      .execute();
    const handedBack = res.affected ?? 0;
    if (handedBack > 0) this.logger.warn('[pipeline] stopping: %d conversion lease(s) handed back to other instances', handedBack);
    return { finished, handedBack };
  }

  private beat() {
    if (this.heartbeat) return;
    const every = Math.max(250, (this.leaseSeconds * 1000) / 3);
    this.heartbeat = setInterval(() => {
      this.renew().catch(e => this.logger.error('[pipeline] renewing leases failed: %s', (e as Error).message));
    }, every);
    this.heartbeat.unref();
  }

  private stopBeat() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
