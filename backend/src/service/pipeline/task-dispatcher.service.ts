import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { StickerPack } from '../../entity/sticker-pack.entity';
import { Task } from '../../entity/task.entity';
import { ProviderError } from '../../provider/provider';
import { composeCharacterPrompt } from '../../provider/qwen';
import { observeQueueWait } from '../../metrics/metrics';
import { ProviderRegistry } from '../../provider/registry';
import { signCallbackUrl } from './callback-signer';
import { unitOfWork } from '../../unit-of-work';
import { RateLimitService } from '../limits/rate-limit.service';
import { StickerMediaService } from './sticker-media.service';
import { TaskLeases } from './task-lease.service';
import { PipelineConfig, TaskLifecycle, USER_MESSAGES } from './task-lifecycle.service';
import { ProviderSlots } from './provider-slots.service';
import { backoffSeconds, providerStateToStatus } from './task-transitions';

/**
 * Sends queued tasks to providers: the first route of their kind with a free slot and submission budget,
 * failing over to the next route on provider-side errors and backing off on 429.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TaskDispatcher {
  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @InjectEntityModel(StickerPack)
  packs: Repository<StickerPack>;

  @Inject()
  lifecycle: TaskLifecycle;

  @Inject()
  leases: TaskLeases;

  @Inject()
  registry: ProviderRegistry;

  @Inject()
  media: StickerMediaService;

  @Inject()
  limits: RateLimitService;

  @Inject()
  slots: ProviderSlots;

  @Config('pipeline')
  cfg: PipelineConfig;

  @Config('app.publicBaseUrl')
  publicBaseUrl: string;

  @Logger()
  logger: ILogger;

  /**
   * Submits queued tasks whose time has come, within each provider's concurrency limit and submission
   * rate. Tasks over the limit stay QUEUED and go out as slots free. A task whose intent to submit is
   * recorded (`submittingSince`) is not picked again: it is being submitted, or recovered by the reconciler.
   */
  async dispatchOnce(): Promise<number> {
    const now = new Date();
    const queued = await this.tasks
      .createQueryBuilder('t')
      .where('t.status = :s', { s: 'QUEUED' })
      .andWhere('t.submittingSince IS NULL')
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
        await this.lifecycle.failTask(task, ['QUEUED'], 'GENERATION_FAILED', USER_MESSAGES.unavailable, 'no route left', 'dispatcher');
        continue;
      }
      if (full.has(route.provider)) continue;
      const { maxConcurrent, submitPerSecond } = this.registry.limits(route.provider);
      // a cheap look first; the slot itself is taken atomically below
      if ((await this.slots.inFlight(route.provider)) >= maxConcurrent) {
        full.add(route.provider);
        continue;
      }
      const rate = await this.limits.hit(`submit:${route.provider}`, submitPerSecond, 1);
      if (!rate.allowed) {
        full.add(route.provider);
        continue;
      }
      if (!(await this.leases.claim(task, ['QUEUED']))) continue;
      if (!(await this.slots.claim(task, route.provider, route.model, maxConcurrent))) {
        await this.leases.unlease(task.id);
        full.add(route.provider);
        continue;
      }
      // the heartbeat keeps the claim alive while the provider takes its time to answer
      if (await this.leases.hold(task.id, () => this.submit(task))) submitted += 1;
    }
    return submitted;
  }

  /**
   * Sends one claimed task to its current route. Its intent to submit is committed already (slots.claim), so
   * a crash during the provider call leaves a record for recovery instead of a silent second submission.
   */
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
        callbackUrl: provider.supportsCallback ? signCallbackUrl(this.cfg.callbackSecret, this.publicBaseUrl, route.provider, task.jobId) : undefined,
      });
      const next = providerStateToStatus(status.state) ?? 'PENDING';
      // the new state and its `submitted` event commit together: nobody reads a provider task id without its event
      const moved = await unitOfWork(this.tasks.manager.connection, async (em: EntityManager) => {
        const res = await em.update(
          Task,
          { id: task.id, status: 'QUEUED', leaseOwner: this.leases.instanceId },
          {
            status: next,
            provider: route.provider,
            model: route.model,
            providerTaskId: status.providerTaskId,
            attempts,
            submittedAt: new Date(),
            progress: status.progress ?? 8,
            submittingSince: null,
            leaseOwner: null,
            leaseUntil: null,
            nextAttemptAt: null,
          },
        );
        if (res.affected !== 1) return false;
        await this.lifecycle.record(
          task.id,
          'submitted',
          'dispatcher',
          next,
          { provider: route.provider, model: route.model, providerTaskId: status.providerTaskId },
          em,
        );
        return true;
      });
      if (!moved) {
        // canceled, timed out or recovered while we were submitting. Unless a callback adopted this very
        // provider task, it is orphaned: recorded (and its slot kept) so it can be matched with the bill
        const now = await this.tasks.findOne({ where: { id: task.id }, select: { id: true, providerTaskId: true } });
        if (now?.providerTaskId !== status.providerTaskId) {
          this.logger.warn('[pipeline] %s left QUEUED during submission; provider task %s orphaned', task.jobId, status.providerTaskId);
          await this.slots.recordOrphan(task, route.provider, 'dispatcher', {
            model: route.model,
            providerTaskId: status.providerTaskId,
            reason: 'task moved on during submission',
          });
        }
        return false;
      }
      observeQueueWait(task.kind, route.provider, task.createdAt);
      if (status.state !== 'PENDING' && status.state !== 'RUNNING') {
        await this.lifecycle.applyStatus({ ...task, status: next, provider: route.provider, providerTaskId: status.providerTaskId }, status, 'dispatcher');
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
    const ask = () => this.registry.describer().describe({ role, source: task.source ?? undefined, action: task.prompt });
    const description = task.packId ? await this.packDescription(task.packId, ask) : await ask();
    const prompt = composeCharacterPrompt({ role, description, action: task.prompt });
    await this.tasks.update({ id: task.id }, { providerPrompt: prompt });
    task.providerPrompt = prompt;
    return prompt;
  }

  /** A pack's stickers share one description (so they look alike): the first sticker sent writes it, the rest reuse it. */
  private async packDescription(packId: number, ask: () => Promise<string>): Promise<string> {
    const known = await this.packs.findOne({ where: { id: packId }, withDeleted: true });
    if (known?.description) return known.description;
    const description = await ask();
    await this.packs.createQueryBuilder().update(StickerPack).set({ description }).where('id = :id AND description IS NULL', { id: packId }).execute();
    return (await this.packs.findOne({ where: { id: packId }, withDeleted: true }))?.description ?? description;
  }

  private async submitFailed(task: Task, e: unknown, attempts: number, routeCount: number) {
    const err = e instanceof ProviderError ? e : new ProviderError('dashscope', 'retryable', (e as Error).message ?? String(e));
    if (!(e instanceof ProviderError)) this.logger.error('[pipeline] unexpected submission error for %s: %s', task.jobId, (e as Error).stack ?? e);
    const detail = { provider: err.provider, kind: err.kind, message: err.message, ...err.details };
    if (err.details.unanswered === true && task.provider) {
      // the create went out and no answer came back: the provider may have started a task we cannot follow
      // (unless a callback adopted it meanwhile)
      const now = await this.tasks.findOne({ where: { id: task.id }, select: { id: true, providerTaskId: true } });
      if (!now?.providerTaskId)
        await this.slots.recordOrphan(task, task.provider, 'dispatcher', { model: task.model, providerTaskId: null, reason: err.message });
    }
    if (err.kind === 'rejected') {
      const rejected = err.details.contentRejected === true;
      await this.lifecycle.failTask(
        task,
        ['QUEUED'],
        rejected ? 'CONTENT_REJECTED' : 'GENERATION_FAILED',
        rejected ? USER_MESSAGES.contentRejected : USER_MESSAGES.generationFailed,
        `${err.provider}: ${err.details.code ?? ''} ${err.message}`.trim(),
        'dispatcher',
        detail,
      );
      return;
    }
    if (err.kind === 'rate_limited') {
      // a 429 is the provider asking us to wait, not a failure of the user's task
      const wait = backoffSeconds(attempts, err.details.retryAfterSeconds);
      await this.lifecycle.requeue(task.id, { attempts, nextAttemptAt: new Date(Date.now() + wait * 1000) }, 'retry_later', { ...detail, waitSeconds: wait });
      return;
    }
    // retryable / config: the next route if there is one, else back off on the same list from the top
    if (task.routeIndex + 1 < routeCount) {
      await this.lifecycle.requeue(task.id, { attempts, routeIndex: task.routeIndex + 1, nextAttemptAt: null }, 'failover', {
        ...detail,
        nextRoute: task.routeIndex + 1,
      });
      return;
    }
    if (attempts < this.cfg.maxSubmitAttempts) {
      const wait = backoffSeconds(attempts);
      await this.lifecycle.requeue(task.id, { attempts, routeIndex: 0, nextAttemptAt: new Date(Date.now() + wait * 1000) }, 'retry_later', {
        ...detail,
        waitSeconds: wait,
      });
      return;
    }
    await this.lifecycle.failTask(task, ['QUEUED'], 'GENERATION_FAILED', USER_MESSAGES.unavailable, `${err.provider}: ${err.message}`, 'dispatcher', detail);
  }
}
