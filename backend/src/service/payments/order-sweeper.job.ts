import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { PaymentsConfig } from '../../config/payments';
import { OrderService } from './order.service';

/**
 * Every PAYMENT_SWEEP_SECONDS (default 60; 0 disables; off in unit tests) asks the channel about CREATED
 * orders older than PAYMENT_SWEEP_AFTER_SECONDS: paid ones are delivered (a lost notification), expired
 * unpaid ones are CLOSED. Safe on several instances at once: delivery and closing are guarded transitions.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class OrderSweeperJob {
  @Inject()
  orders: OrderService;

  @Config('payments')
  cfg: PaymentsConfig;

  @Logger()
  logger: ILogger;

  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  start(): void {
    const seconds = this.cfg.sweepIntervalSeconds;
    if (this.timer || !(seconds > 0)) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass (also what the timer calls); a pass still running is not overlapped. */
  tick(now = new Date()): Promise<void> {
    if (this.running) return this.running;
    this.running = this.orders
      .sweep(now)
      .then(n => {
        if (n > 0) this.logger.info('[payments] sweeper checked %d unpaid orders', n);
      })
      .catch(e => this.logger.error('[payments] sweep failed: %s', (e as Error).stack ?? e))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
