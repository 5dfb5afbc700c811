/**
 * Every Prometheus metric of the backend, in one registry (prom-client). Code that is measured calls one of
 * the small functions below in one line; GET /metrics (controller/metrics) serves the registry, and the
 * gauges read from the database are set there, just before a scrape (service/metrics/metrics.service.ts).
 *
 * Names follow https://prometheus.io/docs/practices/naming/ (base units: seconds, bytes; `_total` counters).
 * Labels are small closed sets (route patterns, provider names, statuses), never ids or raw URLs.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'bq_' });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const httpSeconds = new Histogram({
  name: 'bq_http_request_duration_seconds',
  help: 'HTTP requests by method, matched route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const providerSeconds = new Histogram({
  name: 'bq_provider_request_duration_seconds',
  help: 'HTTP requests to AI providers (create = POST, query = GET), successful or not',
  labelNames: ['provider', 'operation'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const providerErrors = new Counter({
  name: 'bq_provider_request_errors_total',
  help: 'Failed provider requests by error kind (retryable, rate_limited, rejected, config)',
  labelNames: ['provider', 'operation', 'kind'] as const,
  registers: [registry],
});

const gifSeconds = new Histogram({
  name: 'bq_gif_conversion_duration_seconds',
  help: 'MP4 → GIF conversions by the ladder rung that shipped',
  labelNames: ['rung'] as const,
  buckets: [0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
  registers: [registry],
});

const gifFailures = new Counter({
  name: 'bq_gif_conversion_failures_total',
  help: 'Conversions that failed, by media error code',
  labelNames: ['code'] as const,
  registers: [registry],
});

const queueWait = new Histogram({
  name: 'bq_task_queue_wait_seconds',
  help: 'Time from a task being accepted (created) to its submission at a provider',
  labelNames: ['kind', 'provider'] as const,
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800],
  registers: [registry],
});

const ledgerEntries = new Counter({
  name: 'bq_ledger_entries_total',
  help: 'Credit ledger entries written, by type (counted when posted inside their transaction)',
  labelNames: ['type'] as const,
  registers: [registry],
});

/** Set from the database just before each scrape (shared state: every instance reports the same values). */
export const tasksGauge = new Gauge({
  name: 'bq_tasks',
  help: 'Tasks in the database by status and kind (all instances see the same numbers)',
  labelNames: ['status', 'kind'] as const,
  registers: [registry],
});

export const providerInFlightGauge = new Gauge({
  name: 'bq_provider_in_flight',
  help: 'Tasks at a provider (PENDING/RUNNING) across all instances',
  labelNames: ['provider'] as const,
  registers: [registry],
});

export const providerLimitGauge = new Gauge({
  name: 'bq_provider_max_concurrent',
  help: 'The configured concurrency limit of each provider',
  labelNames: ['provider'] as const,
  registers: [registry],
});

// ------------------------------------------------------------------ one-line calls for the measured code

export function observeHttp(method: string, route: string, status: number, seconds: number): void {
  httpSeconds.observe({ method, route, status: String(status) }, seconds);
}

/** Starts timing one provider request; the returned function ends it (pass the error kind when it failed). */
export function timeProviderRequest(provider: string, method: string): (errorKind?: string) => void {
  const operation = method === 'POST' ? 'create' : 'query';
  const end = providerSeconds.startTimer({ provider, operation });
  return errorKind => {
    end();
    if (errorKind) providerErrors.inc({ provider, operation, kind: errorKind });
  };
}

export function observeGifConversion(rung: string, elapsedMs: number): void {
  gifSeconds.observe({ rung }, elapsedMs / 1000);
}

export function countGifFailure(code: string): void {
  gifFailures.inc({ code });
}

export function observeQueueWait(kind: string, provider: string, createdAt: Date): void {
  queueWait.observe({ kind, provider }, Math.max(0, Date.now() - createdAt.getTime()) / 1000);
}

export function countLedgerEntry(type: string): void {
  ledgerEntries.inc({ type });
}
