import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { StickerMediaService } from './sticker-media.service';
import { TaskDispatcher } from './task-dispatcher.service';
import { TaskLeases } from './task-lease.service';
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

  @Inject()
  leases: TaskLeases;

  @Inject()
  media: StickerMediaService;

  @Config('pipeline')
  cfg: { workerEnabled: boolean; dispatchIntervalMs: number; reconcileIntervalMs: number };

  @Logger()
  logger: ILogger;

  private timers: NodeJS.Timeout[] = [];
  private dispatching?: Promise<void>;
  private reconciling?: Promise<void>;
  private again = false;
  private stopped = true;

  async start() {
    if (!this.cfg.workerEnabled || !this.stopped) return;
    this.stopped = false;
    // a previous life of this INSTANCE_ID was killed: its leases run out now, so its work is taken over at once
    const reclaimed = await this.leases.reclaimOwn();
    if (reclaimed > 0) this.logger.warn('[pipeline] %d lease(s) of an earlier run of %s released', reclaimed, this.leases.instanceId);
    await this.sweepTemp();
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
      .then(() => this.sweepTemp())
      .catch(e => this.logger.error('[pipeline] reconcile failed: %s', (e as Error).stack ?? e))
      .finally(() => {
        this.reconciling = undefined;
        this.kick(); // finished tasks free provider slots
      });
    return this.reconciling;
  }

  /** Work folders of conversions killed on this machine (any instance's) whose task nobody is converting now. */
  private async sweepTemp() {
    try {
      const removed = await this.media.sweepWorkDirs(ids => this.leases.inUse(ids));
      if (removed > 0) this.logger.info('[pipeline] removed %d work folder(s) of interrupted conversions', removed);
    } catch (e) {
      this.logger.error('[pipeline] sweeping work folders failed: %s', (e as Error).stack ?? e);
    }
  }

  /**
   * Stops claiming work, then gives the work in progress until `graceMs` to finish; leases of conversions still
   * running after that are handed back (another instance resumes them at once).
   */
  async stop(graceMs = 0) {
    const deadline = Date.now() + graceMs;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([this.dispatching, this.reconciling]), new Promise(resolve => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await this.leases.drain(Math.max(0, deadline - Date.now()));
  }
}
