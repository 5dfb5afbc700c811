import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { Periodic } from '../../util/periodic';
import { CreditService, CreditsConfig } from './credit.service';

/**
 * Runs CreditService.expireDue() every credits.expiryJobIntervalSeconds (CREDIT_EXPIRY_JOB_SECONDS,
 * default 600; 0 disables; 0 in unit tests). Several instances may run it at once: expiry is idempotent
 * per lot and serialized per account by the row lock, so no lease is needed.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CreditExpiryJob {
  @Inject()
  credits: CreditService;

  @Config('credits')
  cfg: CreditsConfig;

  @Logger()
  logger: ILogger;

  /** one expiry pass at a time; stop() lets a pass in progress finish its transaction */
  private readonly job = new Periodic(now =>
    this.credits
      .expireDue(now)
      .then(r => {
        if (r.lots > 0 || r.failed > 0)
          this.logger.info('[credits] expired %d credits in %d lots of %d accounts (%d failed)', r.credits, r.lots, r.accounts, r.failed);
      })
      .catch(e => this.logger.error('[credits] expiry pass failed: %s', (e as Error).stack ?? e)),
  );

  start(): void {
    this.job.start(this.cfg.expiryJobIntervalSeconds);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One pass (also what the timer calls); a pass still running is not overlapped. */
  tick(now = new Date()): Promise<void> {
    return this.job.run(now);
  }
}
