import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { TaskDispatcher } from './task-dispatcher.service';
import { TaskReconciler } from './task-reconciler.service';

/**
 * The background loop of one instance: submits queued tasks (dispatch) and finishes work nobody is
 * watching (reconcile). Safe to run on several instances at once — every step claims its task first.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PipelineWorker {
  @Inject()
  dispatcher: TaskDispatcher;

  @Inject()
  reconciler: TaskReconciler;

  @Config('pipeline')
  cfg: { workerEnabled: boolean; dispatchIntervalMs: number; reconcileIntervalMs: number };

  @Logger()
  logger: ILogger;

  private timers: NodeJS.Timeout[] = [];
  private dispatching?: Promise<void>;
  private reconciling?: Promise<void>;
  private again = false;
  private stopped = true;

  start() {
    if (!this.cfg.workerEnabled || !this.stopped) return;
    this.stopped = false;
    this.timers.push(setInterval(() => this.kick(), this.cfg.dispatchIntervalMs));
    this.timers.push(setInterval(() => void this.reconcile(), this.cfg.reconcileIntervalMs));
    this.kick();
  }

  /** Run a dispatch round now (after a task is created or a slot frees up). */
  kick() {
    if (this.stopped) return;
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = this.dispatcher
      .dispatchOnce()
      .then(() => undefined)
      .catch(e => this.logger.error('[pipeline] dispatch failed: %s', (e as Error).stack ?? e))
      .finally(() => {
        this.dispatching = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  async reconcile(): Promise<void> {
    if (this.stopped || this.reconciling) return this.reconciling;
    this.reconciling = this.reconciler
      .reconcileOnce()
      .catch(e => this.logger.error('[pipeline] reconcile failed: %s', (e as Error).stack ?? e))
      .finally(() => {
        this.reconciling = undefined;
        this.kick(); // finished tasks free provider slots
      });
    return this.reconciling;
  }

  async stop() {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.allSettled([this.dispatching, this.reconciling]);
  }
}
