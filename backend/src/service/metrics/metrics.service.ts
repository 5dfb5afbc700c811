import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { timingSafeEqual } from 'crypto';
import { DataSource } from 'typeorm';
import { Task } from '../../entity/task.entity';
import { AppError, unauthorized } from '../../error/app.error';
import { providerInFlightGauge, providerLimitGauge, registry, tasksGauge } from '../../metrics/metrics';
import { ProviderRegistry } from '../../provider/registry';
import { AT_PROVIDER } from '../pipeline/task-transitions';

export interface MetricsConfig {
  /** Bearer token a scraper must send; empty → /metrics answers 404 */
  token: string;
  /** the database gauges are read at most this often, however many scrapers ask */
  dbCacheSeconds: number;
}

/**
 * What GET /metrics serves: the registry of metrics/metrics.ts, with the gauges that live in the database
 * (tasks by status and kind, in flight per provider) refreshed by one GROUP BY query at most every few seconds.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class MetricsService {
  @Config('metrics')
  cfg: MetricsConfig;

  @InjectDataSource()
  db: DataSource;

  @Inject()
  providers: ProviderRegistry;

  private refreshed = 0;
  private refreshing: Promise<void> | null = null;

  /** 404 when metrics are off (no token configured), 401 without the right Bearer token. */
  checkAccess(authorization: string): void {
    if (!this.cfg.token) throw new AppError('NOT_FOUND', '接口不存在');
    const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? '');
    const expected = Buffer.from(this.cfg.token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized();
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    if (Date.now() - this.refreshed >= this.cfg.dbCacheSeconds * 1000) {
      this.refreshing ??= this.refreshDbGauges().finally(() => (this.refreshing = null));
      await this.refreshing;
    }
    return { contentType: registry.contentType, body: await registry.metrics() };
  }

  private async refreshDbGauges(): Promise<void> {
    const rows: Array<{ status: string; kind: string; provider: string | null; c: unknown }> = await this.db
      .getRepository(Task)
      .createQueryBuilder('t')
      .select('t.status', 'status')
      .addSelect('t.kind', 'kind')
      .addSelect('t.provider', 'provider')
      .addSelect('COUNT(*)', 'c')
      .groupBy('t.status')
      .addGroupBy('t.kind')
      .addGroupBy('t.provider')
      .getRawMany();
    const inFlight = new Map<string, number>(this.providers.names().map(name => [name, 0]));
    tasksGauge.reset();
    for (const r of rows) {
      tasksGauge.inc({ status: r.status, kind: r.kind }, Number(r.c));
      if (r.provider && (AT_PROVIDER as readonly string[]).includes(r.status)) inFlight.set(r.provider, (inFlight.get(r.provider) ?? 0) + Number(r.c));
    }
    for (const [provider, n] of inFlight) providerInFlightGauge.set({ provider }, n);
    for (const name of this.providers.names()) providerLimitGauge.set({ provider: name }, this.providers.limits(name).maxConcurrent);
    this.refreshed = Date.now();
  }
}
