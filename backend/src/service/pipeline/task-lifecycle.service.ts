import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource, InjectEntityModel } from '@midwayjs/typeorm';
import { Brackets, DataSource, EntityManager, In, Repository } from 'typeorm';
import type { ErrorCode, TaskStatus } from '@app/shared';
import { Task } from '../../entity/task.entity';
import { TaskEvent } from '../../entity/task-event.entity';
import { ProviderError, ProviderTaskStatus } from '../../provider/provider';
import { ProviderRegistry } from '../../provider/registry';
import { CreditService } from '../credits/credit.service';
import type { Role } from '../../config/instance';
import { gifColumns, StickerFiles, StickerMediaService } from './sticker-media.service';
import { TaskLeases } from './task-lease.service';
import { AT_PROVIDER, backoffSeconds } from './task-transitions';

export interface PipelineConfig {
  pollIntervalSeconds: number;
  queryRefreshSeconds: number;
  taskTimeoutSeconds: number;
  leaseSeconds: number;
  maxSubmitAttempts: number;
  orphanHoldSeconds: number;
  maxConvertAttempts: number;
  callbackSecret: string;
}

export type Source = 'api' | 'dispatcher' | 'reconciler' | 'callback' | 'query' | 'admin';

/**
 * What users read when a task fails (every one says the credits came back). A refusal of the content is
 * the user's to fix (change the words or the photo); any other provider failure is ours, so it does not
 * send the user rewriting a prompt that was fine.
 */
export const USER_MESSAGES = {
  generationFailed: '表情没有做成：生成服务出了问题，不是描述的原因。积分已退回，可以直接重试',
  contentRejected: '内容未通过安全审核，请修改描述后再试（积分已退回）',
  unknown: '生成服务没有返回结果，积分已退回，请重试',
  timeout: '生成超时，积分已退回，请稍后重试',
  unavailable: '生成服务繁忙，积分已退回，请稍后再试',
  convertFailed: '表情转换失败，积分已退回，请重试',
} as const;

/**
 * Moves tasks through their lifecycle. Every transition is a guarded UPDATE on the task row
 * (`WHERE id = ? AND status IN (…)`), and credit movements happen in the same transaction as the
 * transition that causes them, so a duplicate callback, a query racing the reconciler, or two backend
 * instances change a task — and its credits — exactly once.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TaskLifecycle {
  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @InjectEntityModel(TaskEvent)
  events: Repository<TaskEvent>;

  @InjectDataSource()
  db: DataSource;

  @Inject()
  credits: CreditService;

  @Inject()
  registry: ProviderRegistry;

  @Inject()
  media: StickerMediaService;

  @Inject()
  leases: TaskLeases;

  @Config('pipeline')
  cfg: PipelineConfig;

  @Config('instance.role')
  role: Role;

  @Logger()
  logger: ILogger;

  // ---------------------------------------------------------------- events

  /** Appends a task event; with `em`, inside the caller's transaction (the event commits with the change it tells of). */
  async record(taskId: number, type: string, source: Source, status: TaskStatus | null, data?: unknown, em?: EntityManager) {
    let json: string | null = null;
    if (data !== undefined) {
      json = JSON.stringify(data);
      if (json.length > 4000) json = json.slice(0, 4000) + '…';
    }
    const row = { taskId, type, source, status, data: json };
    if (em) await em.insert(TaskEvent, row);
    else await this.events.insert(row);
  }

  /**
   * A submission that did not go through: back to QUEUED for later (its provider slot given back), and the
   * event saying why, committed together.
   */
  async requeue(taskId: number, fields: Partial<Task>, type: string, data: unknown) {
    await this.credits.transaction(async (em: EntityManager) => {
      const res = await this.leases.unlease(taskId, { ...fields, submittingSince: null }, em);
      if (res.affected === 1) await this.record(taskId, type, 'dispatcher', 'QUEUED', data, em);
    });
  }

  // ---------------------------------------------------------------- provider status

  /** Applies what a provider said (callback, query or reconciler poll). Idempotent. */
  async applyStatus(task: Task, st: ProviderTaskStatus, source: Source): Promise<void> {
    await this.record(task.id, source === 'callback' ? 'callback' : 'provider_status', source, task.status, {
      state: st.state,
      progress: st.progress,
      errorCode: st.errorCode,
      errorMessage: st.errorMessage,
      raw: st.raw,
    });
    const now = new Date();
    switch (st.state) {
      case 'PENDING':
      case 'RUNNING': {
        await this.tasks.update(
          { id: task.id, status: In(AT_PROVIDER) },
          { status: st.state, lastPolledAt: now, ...(st.progress !== undefined ? { progress: Math.min(80, st.progress) } : {}) },
        );
        return;
      }
      case 'FAILED': {
        const rejected = st.contentRejected === true;
        await this.failTask(
          task,
          AT_PROVIDER,
          rejected ? 'CONTENT_REJECTED' : 'GENERATION_FAILED',
          rejected ? USER_MESSAGES.contentRejected : USER_MESSAGES.generationFailed,
          `${task.provider}: ${st.errorCode ?? ''} ${st.errorMessage ?? ''}`.trim(),
          source,
        );
        return;
      }
      case 'UNKNOWN':
        await this.failTask(task, AT_PROVIDER, 'GENERATION_FAILED', USER_MESSAGES.unknown, `${task.provider}: task UNKNOWN`, source);
        return;
      case 'SUCCEEDED': {
        // an API-only instance never runs ffmpeg: the task waits without a lease and a worker's reconciler claims it.
        // The move to CONVERTING and its event commit together
        const here = this.role !== 'api';
        const moved = await this.credits.transaction(async (em: EntityManager) => {
          const res = await em.update(
            Task,
            { id: task.id, status: In(AT_PROVIDER) },
            {
              status: 'CONVERTING',
              providerVideoUrl: st.videoUrl ?? null,
              providerDoneAt: now,
              progress: 85,
              lastPolledAt: now,
              leaseOwner: here ? this.leases.instanceId : null,
              leaseUntil: here ? this.leases.until(now.getTime()) : null,
            },
          );
          if (res.affected !== 1) return false;
          await this.record(task.id, 'converting', source, 'CONVERTING', undefined, em);
          return true;
        });
        if (moved && here) this.convertInBackground(task.id, source);
        return;
      }
    }
  }

  /**
   * Fails a task that is still in one of `from`, releasing its hold in the same transaction.
   * Returns false when the task had already left those statuses (nothing changes twice).
   */
  async failTask(
    task: Pick<Task, 'id' | 'jobId'>,
    from: TaskStatus[],
    code: ErrorCode,
    message: string,
    providerError: string | null,
    source: Source,
    data?: unknown,
    status: 'FAILED' | 'CANCELED' = 'FAILED',
  ): Promise<boolean> {
    const changed = await this.credits.transaction(async (em: EntityManager) => {
      const res = await em.update(
        Task,
        { id: task.id, status: In(from) },
        {
          status,
          errorCode: code,
          errorMessage: message,
          providerError: providerError ? providerError.slice(0, 500) : null,
          finishedAt: new Date(),
          submittingSince: null,
          leaseOwner: null,
          leaseUntil: null,
        },
      );
      if (res.affected !== 1) return false;
      await this.credits.release(task.jobId, status === 'CANCELED' ? '任务已取消' : message, em);
      await this.record(
        task.id,
        status === 'CANCELED' ? 'canceled' : 'failed',
        source,
        status,
        { code, message, providerError, ...(data ? { data } : {}) },
        em,
      );
      return true;
    });
    return changed;
  }

  // ---------------------------------------------------------------- conversion

  /** Converts a task this instance holds the lease of without waiting for it (the GIF engine's pool queues the work). */
  convertInBackground(taskId: number, source: Source) {
    setImmediate(() => {
      this.convert(taskId, source).catch(e => this.logger.error('[pipeline] conversion of task %d crashed: %s', taskId, (e as Error).stack ?? e));
    });
  }

  /**
   * MP4 → stored MP4 + GIF + thumbnail → SUCCEEDED and settle, for a task this instance holds the lease on.
   * `source` is who found the provider's video ready (callback, query, dispatcher, reconciler); a conversion
   * taken over after a crash or a transient failure is the reconciler's.
   */
  async convert(taskId: number, source: Source = 'reconciler'): Promise<void> {
    // the lease is renewed while this runs; a second call while it runs does nothing
    await this.leases.hold(taskId, () => this.convertHeld(taskId, source));
  }

  private async convertHeld(taskId: number, source: Source): Promise<void> {
    const task = await this.tasks.findOneBy({ id: taskId, status: 'CONVERTING', leaseOwner: this.leases.instanceId });
    if (!task) return;
    let files;
    try {
      files = await this.media.produce(task, mp4Key => this.tasks.update({ id: task.id }, { mp4Key }).then(() => undefined));
    } catch (e) {
      await this.convertFailed(task, e, source);
      return;
    }
    const done = await this.credits.transaction(async (em: EntityManager) => {
      const res = await em.update(
        Task,
        { id: task.id, status: 'CONVERTING', leaseOwner: this.leases.instanceId },
        {
          status: 'SUCCEEDED',
          mp4Key: files.mp4Key,
          ...gifColumns(files),
          convertMs: files.convertMs,
          progress: 100,
          finishedAt: new Date(),
          leaseOwner: null,
          leaseUntil: null,
        },
      );
      if (res.affected !== 1) return false;
      await this.credits.settle(task.jobId, em);
      await this.record(task.id, 'succeeded', source, 'SUCCEEDED', { bytes: files.bytes, rung: files.rung, convertMs: files.convertMs }, em);
      return true;
    });
    if (!done) {
      this.logger.warn('[pipeline] conversion of %s finished after its task moved on', task.jobId);
      return;
    }
    await this.keepPrivateIfHidden(task.id, files);
  }

  /**
   * A late content verdict (WeChat's image check, ContentGuard.applyMediaVerdict) can hide a task while it
   * converts: the verdict takes private the files it finds recorded on the task, and these were not recorded yet.
   * Read after the keys are recorded, so either this read sees the task hidden or the verdict sees these keys.
   */
  private async keepPrivateIfHidden(taskId: number, files: StickerFiles): Promise<void> {
    const row = await this.tasks.findOne({ where: { id: taskId }, select: ['id', 'hidden'] });
    if (row?.hidden) await this.media.hideFiles([files.mp4Key, files.gifKey, files.thumbKey]);
  }

  private async convertFailed(task: Task, e: unknown, source: Source) {
    const err = e as Error & { code?: string; mediaError?: boolean; transient?: boolean };
    const attempts = task.convertAttempts + 1;
    this.logger.warn('[pipeline] conversion of %s failed (attempt %d): %s', task.jobId, attempts, err.message);
    if (err.transient && attempts < this.cfg.maxConvertAttempts) {
      // let the reconciler pick it up again after a pause (another instance may)
      await this.credits.transaction(async (em: EntityManager) => {
        const res = await em.update(
          Task,
          { id: task.id, status: 'CONVERTING', leaseOwner: this.leases.instanceId },
          { convertAttempts: attempts, leaseUntil: new Date(Date.now() + backoffSeconds(attempts) * 1000), leaseOwner: null },
        );
        if (res.affected === 1) await this.record(task.id, 'convert_retry', source, 'CONVERTING', { message: err.message, code: err.code }, em);
      });
      return;
    }
    await this.tasks.update({ id: task.id }, { convertAttempts: attempts });
    const code: ErrorCode = err.mediaError && err.code ? (err.code as ErrorCode) : 'GENERATION_FAILED';
    await this.failTask(task, ['CONVERTING'], code, USER_MESSAGES.convertFailed, `convert: ${err.code ?? ''} ${err.message}`.trim(), source);
  }

  /**
   * Asks the provider about one in-flight task, at most once per `minSeconds` across all instances
   * (the lastPolledAt update is the claim).
   */
  async poll(task: Task, source: Source, minSeconds: number): Promise<void> {
    if (!task.provider || !task.providerTaskId) return;
    const now = new Date();
    const before = new Date(now.getTime() - minSeconds * 1000);
    const claimed = await this.tasks
      .createQueryBuilder()
      .update(Task)
      .set({ lastPolledAt: now })
      .where('id = :id', { id: task.id })
      .andWhere('status IN (:...s)', { s: AT_PROVIDER })
      .andWhere(new Brackets(q => q.where('lastPolledAt IS NULL').orWhere('lastPolledAt < :before', { before })))
      .execute();
    if (claimed.affected !== 1) return;
    try {
      const st = await this.registry.get(task.provider).query(task.providerTaskId);
      await this.applyStatus(task, st, source);
    } catch (e) {
      if (e instanceof ProviderError) {
        this.logger.warn('[pipeline] polling %s at %s failed (%s): %s', task.jobId, task.provider, e.kind, e.message);
        return; // try again next round; the timeout bounds how long
      }
      throw e;
    }
  }
}
