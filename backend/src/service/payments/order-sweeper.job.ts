import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { PaymentsConfig } from '../../config/payments';
import { Periodic } from '../../util/periodic';
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

  private readonly job = new Periodic(now =>
    this.orders
      .sweep(now)
      .then(n => {
        if (n > 0) this.logger.info('[payments] sweeper checked %d unpaid orders', n);
      })
      .catch(e => this.logger.error('[payments] sweep failed: %s', (e as Error).stack ?? e)),
  );

  start(): void {
    this.job.start(this.cfg.sweepIntervalSeconds);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One pass (also what the timer calls); a pass still running is not overlapped. */
  tick(now = new Date()): Promise<void> {
    return this.job.run(now);
  }
}
