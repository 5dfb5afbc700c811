import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { Repository } from 'typeorm';
import { Task } from '../../entity/task.entity';
import { AppError } from '../../error/app.error';
import { ProviderError, ProviderTaskStatus } from '../../provider/provider';
import { ProviderRegistry } from '../../provider/registry';
import { verifyCallback } from './callback-signer';
import { ProviderSlots } from './provider-slots.service';
import { TaskLifecycle } from './task-lifecycle.service';
import type { CallbackQuery } from '../../dto/pipeline/callback.dto';

/**
 * Provider callbacks (evolink, kie): the URL is HMAC-signed by us (24 h expiry, timing-safe check) and the
 * provider task id must match the stored one. Forged, expired or mismatched callbacks are refused (401/400) and
 * change nothing; an accepted one is applied after the caller has answered (providers retry slow deliveries).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CallbackService {
  @Inject()
  registry: ProviderRegistry;

  @Inject()
  lifecycle: TaskLifecycle;

  @Inject()
  slots: ProviderSlots;

  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @Config('pipeline.callbackSecret')
  secret: string;

  @Logger()
  logger: ILogger;

  /** Checks a callback and schedules its status to be applied; throws AppError for one that is refused. */
  async receive(providerName: string, q: CallbackQuery, body: unknown): Promise<void> {
    if (!(this.registry.names() as string[]).includes(providerName)) throw new AppError('NOT_FOUND', '未知的回调来源');
    const check = verifyCallback(this.secret, providerName, q.task, q.ts, q.sig);
    if (!check.ok) {
      this.logger.warn('[callback] refused %s callback for %s: %s', providerName, String(q.task).slice(0, 40), check.reason);
      throw new AppError('CALLBACK_INVALID', check.reason === 'expired' ? '回调已过期' : '回调签名无效');
    }
    const provider = this.registry.get(providerName);
    const task = await this.tasks.findOneBy({ jobId: String(q.task) });
    if (!task || task.provider !== providerName) {
      throw new AppError('CALLBACK_INVALID', '回调与任务不匹配', { status: 400 });
    }
    let st: ProviderTaskStatus;
    try {
      st = provider.parseCallback(body);
    } catch (e) {
      if (e instanceof ProviderError) throw new AppError('CALLBACK_INVALID', `回调内容无法解析：${e.message}`.slice(0, 200), { status: 400 });
      throw e;
    }
    // a provider task whose create answer we never recorded (a crash mid-submit): follow it instead of orphaning it
    const adopted = !task.providerTaskId && !!st.providerTaskId && (await this.slots.adoptFromCallback(task, providerName, st.providerTaskId));
    if (!adopted && st.providerTaskId !== task.providerTaskId) {
      throw new AppError('CALLBACK_INVALID', '回调与任务不匹配', { status: 400 });
    }
    // the caller answers now; download + conversion happen after the response
    setImmediate(() => {
      this.lifecycle.applyStatus(task, st, 'callback').catch(e => this.logger.error('[callback] applying %s failed: %s', task.jobId, (e as Error).stack ?? e));
    });
  }
}
