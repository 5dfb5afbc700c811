import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource, InjectEntityModel } from '@midwayjs/typeorm';
import { randomBytes } from 'crypto';
import { hostname } from 'os';
import { Brackets, DataSource, EntityManager, In, Repository } from 'typeorm';
import type { ErrorCode, TaskStatus } from '@app/shared';
import { Task } from '../entity/task.entity';
import { TaskEvent } from '../entity/task-event.entity';
import { ProviderError, ProviderTaskStatus } from '../provider/provider';
import { composeCharacterPrompt } from '../provider/qwen';
import { ProviderRegistry } from '../provider/registry';
import { signCallbackUrl } from './callback-signer';
import { CreditService } from './credit.service';
import { RateLimitService } from './rate-limit.service';
import { StickerMediaService } from './sticker-media.service';
import { ACTIVE, AT_PROVIDER, backoffSeconds, providerStateToStatus } from './task-transitions';

export interface PipelineConfig {
  pollIntervalSeconds: number;
  queryRefreshSeconds: number;
  taskTimeoutSeconds: number;
  leaseSeconds: number;
  maxSubmitAttempts: number;
  maxConvertAttempts: number;
  callbackSecret: string;
}

type Source = 'api' | 'dispatcher' | 'reconciler' | 'callback' | 'query' | 'admin';

const USER_MESSAGES = {
  generationFailed: '视频生成失败，积分已退回，请换个描述再试',
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
  limits: RateLimitService;

  @Config('pipeline')
  cfg: PipelineConfig;

  @Config('app.publicBaseUrl')
  publicBaseUrl: string;

  @Logger()
  logger: ILogger;

  /** who holds a lease: unique per process, so a restarted process waits for its predecessor's leases */
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  private converting = new Set<number>();

  // ---------------------------------------------------------------- events

  async record(taskId: number, type: string, source: Source, status: TaskStatus | null, data?: unknown) {
    let json: string | null = null;
    if (data !== undefined) {
      json = JSON.stringify(data);
      if (json.length > 4000) json = json.slice(0, 4000) + '…';
    }
    await this.events.insert({ taskId, type, source, status, data: json });
  }

  // ---------------------------------------------------------------- submission

  /** Claims a QUEUED task for submission. Returns false when someone else holds it. */
  private async claim(task: Task, statuses: TaskStatus[]): Promise<boolean> {
    const now = new Date();
    const res = await this.tasks
      .createQueryBuilder()
      .update(Task)
      .set({ leaseOwner: this.instanceId, leaseUntil: new Date(now.getTime() + this.cfg.leaseSeconds * 1000) })
      .where('id = :id', { id: task.id })
      .andWhere('status IN (:...statuses)', { statuses })
      .andWhere(new Brackets(q => q.where('leaseUntil IS NULL').orWhere('leaseUntil < :now', { now })))
      .execute();
    return res.affected === 1;
  }

  private async unlease(taskId: number, fields: Partial<Task> = {}) {
    await this.tasks.update({ id: taskId, leaseOwner: this.instanceId }, { ...fields, leaseOwner: null, leaseUntil: null });
  }

  /** In-flight tasks at a provider, across all instances (the database is the source of truth). */
  async inFlight(provider: string): Promise<number> {
    return this.tasks.count({ where: { provider, status: In(AT_PROVIDER) } });
  }

  /**
   * Submits queued tasks whose time has come, within each provider's concurrency limit and submission
   * rate. Tasks over the limit stay QUEUED and go out as slots free.
   */
  async dispatchOnce(): Promise<number> {
    const now = new Date();
    const queued = await this.tasks
      .createQueryBuilder('t')
      .where('t.status = :s', { s: 'QUEUED' })
      .andWhere(new Brackets(q => q.where('t.nextAttemptAt IS NULL').orWhere('t.nextAttemptAt <= :now', { now })))
      .andWhere(new Brackets(q => q.where('t.leaseUntil IS NULL').orWhere('t.leaseUntil < :now', { now })))
      .orderBy('t.id', 'ASC')
      .limit(20)
      .getMany();
    let submitted = 0;
    const full = new Set<string>();
    for (const task of queued) {
      const route = this.registry.routes(task.kind)[task.routeIndex];
      if (!route) {
        await this.failTask(task, ['QUEUED'], 'GENERATION_FAILED', USER_MESSAGES.unavailable, 'no route left', 'dispatcher');
        continue;
      }
      if (full.has(route.provider)) continue;
      const { maxConcurrent, submitPerSecond } = this.registry.limits(route.provider);
      if ((await this.inFlight(route.provider)) >= maxConcurrent) {
        full.add(route.provider);
        continue;
      }
      const rate = await this.limits.hit(`submit:${route.provider}`, submitPerSecond, 1);
      if (!rate.allowed) {
        full.add(route.provider);
        continue;
      }
      if (!(await this.claim(task, ['QUEUED']))) continue;
      if (await this.submit(task)) submitted += 1;
    }
    return submitted;
  }

  /** Sends one claimed task to its current route. */
  private async submit(task: Task): Promise<boolean> {
    const routes = this.registry.routes(task.kind);
    const route = routes[task.routeIndex]!;
    const provider = this.registry.get(route.provider);
    const attempts = task.attempts + 1;
    try {
      const prompt = await this.providerPrompt(task);
      const status = await provider.create({
        mode: route.mode,
        model: route.model,
        prompt,
        negativePrompt: task.negativePrompt ?? undefined,
        size: task.size ?? undefined,
        resolution: task.resolution ?? undefined,
        imageUrl: task.imageKey ? await this.media.sourceImageUrl(task.imageKey) : undefined,
        callbackUrl: provider.supportsCallback
          ? signCallbackUrl(this.cfg.callbackSecret, this.publicBaseUrl, route.provider, task.jobId)
          : undefined,
      });
      const next = providerStateToStatus(status.state) ?? 'PENDING';
      const res = await this.tasks.update(
        { id: task.id, status: 'QUEUED', leaseOwner: this.instanceId },
        {
          status: next,
          provider: route.provider,
          model: route.model,
          providerTaskId: status.providerTaskId,
          attempts,
          submittedAt: new Date(),
          progress: status.progress ?? 8,
          leaseOwner: null,
          leaseUntil: null,
          nextAttemptAt: null,
        }
      );
      if (res.affected !== 1) {
        // canceled or timed out while we were submitting: the provider task is orphaned, nothing is charged
        this.logger.warn('[pipeline] %s left QUEUED during submission; provider task %s ignored', task.jobId, status.providerTaskId);
        return false;
      }
      await this.record(task.id, 'submitted', 'dispatcher', next, { provider: route.provider, model: route.model, providerTaskId: status.providerTaskId });
      if (status.state !== 'PENDING' && status.state !== 'RUNNING') {
        await this.applyStatus({ ...task, status: next, provider: route.provider, providerTaskId: status.providerTaskId }, status, 'dispatcher');
      }
      return true;
    } catch (e) {
      await this.submitFailed(task, e, attempts, routes.length);
      return false;
    }
  }

  /** web_search: Qwen (with web search) describes the character once; the description is kept on the task. */
  private async providerPrompt(task: Task): Promise<string> {
    if (task.kind !== 'web_search') return task.prompt;
    if (task.providerPrompt) return task.providerPrompt;
    const role = task.role ?? '';
    const description = await this.registry.describer().describe({ role, source: task.source ?? undefined, action: task.prompt });
    const prompt = composeCharacterPrompt({ role, description, action: task.prompt });
    await this.tasks.update({ id: task.id }, { providerPrompt: prompt });
    task.providerPrompt = prompt;
    return prompt;
  }

  private async submitFailed(task: Task, e: unknown, attempts: number, routeCount: number) {
    const err = e instanceof ProviderError ? e : new ProviderError('dashscope', 'retryable', (e as Error).message ?? String(e));
    if (!(e instanceof ProviderError)) this.logger.error('[pipeline] unexpected submission error for %s: %s', task.jobId, (e as Error).stack ?? e);
    const detail = { provider: err.provider, kind: err.kind, message: err.message, ...err.details };
    if (err.kind === 'rejected') {
      const rejected = err.details.contentRejected === true;
      await this.failTask(
        task,
        ['QUEUED'],
        rejected ? 'CONTENT_REJECTED' : 'GENERATION_FAILED',
        rejected ? USER_MESSAGES.contentRejected : USER_MESSAGES.generationFailed,
        `${err.provider}: ${err.details.code ?? ''} ${err.message}`.trim(),
        'dispatcher',
        detail
      );
      return;
    }
    if (err.kind === 'rate_limited') {
      // a 429 is the provider asking us to wait, not a failure of the user's task
      const wait = backoffSeconds(attempts, err.details.retryAfterSeconds);
      await this.unlease(task.id, { attempts, nextAttemptAt: new Date(Date.now() + wait * 1000) });
      await this.record(task.id, 'retry_later', 'dispatcher', 'QUEUED', { ...detail, waitSeconds: wait });
      return;
    }
    // retryable / config: the next route if there is one, else back off on the same list from the top
    if (task.routeIndex + 1 < routeCount) {
      await this.unlease(task.id, { attempts, routeIndex: task.routeIndex + 1, nextAttemptAt: null });
      await this.record(task.id, 'failover', 'dispatcher', 'QUEUED', { ...detail, nextRoute: task.routeIndex + 1 });
      return;
    }
    if (attempts < this.cfg.maxSubmitAttempts) {
      const wait = backoffSeconds(attempts);
      await this.unlease(task.id, { attempts, routeIndex: 0, nextAttemptAt: new Date(Date.now() + wait * 1000) });
      await this.record(task.id, 'retry_later', 'dispatcher', 'QUEUED', { ...detail, waitSeconds: wait });
      return;
    }
    await this.failTask(task, ['QUEUED'], 'GENERATION_FAILED', USER_MESSAGES.unavailable, `${err.provider}: ${err.message}`, 'dispatcher', detail);
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
          { status: st.state, lastPolledAt: now, ...(st.progress !== undefined ? { progress: Math.min(80, st.progress) } : {}) }
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
          source
        );
        return;
      }
      case 'UNKNOWN':
        await this.failTask(task, AT_PROVIDER, 'GENERATION_FAILED', USER_MESSAGES.unknown, `${task.provider}: task UNKNOWN`, source);
        return;
      case 'SUCCEEDED': {
        const res = await this.tasks.update(
          { id: task.id, status: In(AT_PROVIDER) },
          {
            status: 'CONVERTING',
            providerVideoUrl: st.videoUrl ?? null,
            providerDoneAt: now,
            progress: 85,
            lastPolledAt: now,
            leaseOwner: this.instanceId,
            leaseUntil: new Date(now.getTime() + this.cfg.leaseSeconds * 1000),
          }
        );
        if (res.affected === 1) {
          await this.record(task.id, 'converting', source, 'CONVERTING');
          this.convertInBackground(task.id);
        }
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
    status: 'FAILED' | 'CANCELED' = 'FAILED'
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
          leaseOwner: null,
          leaseUntil: null,
        }
      );
      if (res.affected !== 1) return false;
      await this.credits.release(task.jobId, status === 'CANCELED' ? '任务已取消' : message, em);
      return true;
    });
    if (changed) await this.record(task.id, status === 'CANCELED' ? 'canceled' : 'failed', source, status, { code, message, providerError, ...(data ? { data } : {}) });
    return changed;
  }

  // ---------------------------------------------------------------- conversion

  private convertInBackground(taskId: number) {
    setImmediate(() => {
      this.convert(taskId).catch(e => this.logger.error('[pipeline] conversion of task %d crashed: %s', taskId, (e as Error).stack ?? e));
    });
  }

  /** MP4 → stored MP4 + GIF + thumbnail → SUCCEEDED and settle, for a task this instance holds the lease on. */
  async convert(taskId: number): Promise<void> {
    if (this.converting.has(taskId)) return;
    this.converting.add(taskId);
    try {
      const task = await this.tasks.findOneBy({ id: taskId, status: 'CONVERTING', leaseOwner: this.instanceId });
      if (!task) return;
      let files;
      try {
        files = await this.media.produce(task, mp4Key => this.tasks.update({ id: task.id }, { mp4Key }).then(() => undefined));
      } catch (e) {
        await this.convertFailed(task, e);
        return;
      }
      const done = await this.credits.transaction(async (em: EntityManager) => {
        const res = await em.update(
          Task,
          { id: task.id, status: 'CONVERTING', leaseOwner: this.instanceId },
          {
            status: 'SUCCEEDED',
            mp4Key: files.mp4Key,
            gifKey: files.gifKey,
            thumbKey: files.thumbKey,
            gifBytes: files.bytes,
            gifWidth: files.width,
            gifHeight: files.height,
            gifFrames: files.frames,
            gifFps: files.fps,
            gifRung: files.rung,
            convertMs: files.convertMs,
            progress: 100,
            finishedAt: new Date(),
            leaseOwner: null,
            leaseUntil: null,
          }
        );
        if (res.affected !== 1) return false;
        await this.credits.settle(task.jobId, em);
        return true;
      });
      if (done) await this.record(task.id, 'succeeded', 'reconciler', 'SUCCEEDED', { bytes: files.bytes, rung: files.rung, convertMs: files.convertMs });
    } finally {
      this.converting.delete(taskId);
    }
  }

  private async convertFailed(task: Task, e: unknown) {
    const err = e as Error & { code?: string; mediaError?: boolean; transient?: boolean };
    const attempts = task.convertAttempts + 1;
    this.logger.warn('[pipeline] conversion of %s failed (attempt %d): %s', task.jobId, attempts, err.message);
    if (err.transient && attempts < this.cfg.maxConvertAttempts) {
      // let the reconciler pick it up again after a pause (another instance may)
      await this.tasks.update(
        { id: task.id, status: 'CONVERTING', leaseOwner: this.instanceId },
        { convertAttempts: attempts, leaseUntil: new Date(Date.now() + backoffSeconds(attempts) * 1000), leaseOwner: null }
      );
      await this.record(task.id, 'convert_retry', 'reconciler', 'CONVERTING', { message: err.message, code: err.code });
      return;
    }
    await this.tasks.update({ id: task.id }, { convertAttempts: attempts });
    const code: ErrorCode = err.mediaError && err.code ? (err.code as ErrorCode) : 'GENERATION_FAILED';
    await this.failTask(task, ['CONVERTING'], code, USER_MESSAGES.convertFailed, `convert: ${err.code ?? ''} ${err.message}`.trim(), 'reconciler');
  }

  // ---------------------------------------------------------------- reconciler

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
      await this.failTask(t, ACTIVE, 'GENERATION_TIMEOUT', USER_MESSAGES.timeout, `timeout after ${this.cfg.taskTimeoutSeconds} s in ${t.status}`, 'reconciler');
    }

    const pollBefore = new Date(now.getTime() - this.cfg.pollIntervalSeconds * 1000);
    const inflight = await this.tasks
      .createQueryBuilder('t')
      .where('t.status IN (:...s)', { s: AT_PROVIDER })
      .andWhere(new Brackets(q => q.where('t.lastPolledAt IS NULL').orWhere('t.lastPolledAt < :before', { before: pollBefore })))
      .orderBy('t.lastPolledAt', 'ASC')
      .limit(20)
      .getMany();
    for (const t of inflight) await this.poll(t, 'reconciler', this.cfg.pollIntervalSeconds);

    const orphans = await this.tasks
      .createQueryBuilder('t')
      .where('t.status = :s', { s: 'CONVERTING' })
      .andWhere(new Brackets(q => q.where('t.leaseUntil IS NULL').orWhere('t.leaseUntil < :now', { now })))
      .limit(5)
      .getMany();
    for (const t of orphans) {
      if (await this.claim(t, ['CONVERTING'])) {
        await this.record(t.id, 'convert_resumed', 'reconciler', 'CONVERTING', { previousOwner: t.leaseOwner });
        await this.convert(t.id);
      }
    }
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
