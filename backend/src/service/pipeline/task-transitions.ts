import type { TaskStatus, LegacyStatus } from '@app/shared';
import type { ProviderState } from '../../provider/provider';

/** Statuses a task can still leave. */
export const ACTIVE: TaskStatus[] = ['QUEUED', 'PENDING', 'RUNNING', 'CONVERTING'];
/** At the provider. */
export const AT_PROVIDER: TaskStatus[] = ['PENDING', 'RUNNING'];
export const TERMINAL: TaskStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELED'];

/** seed 001's query endpoint knows five statuses. */
export function legacyStatus(s: TaskStatus): LegacyStatus {
  switch (s) {
    case 'QUEUED':
    case 'PENDING':
      return 'PENDING';
    case 'RUNNING':
    case 'CONVERTING':
      return 'RUNNING';
    case 'SUCCEEDED':
      return 'SUCCEEDED';
    default:
      return 'FAILED';
  }
}

export function providerStateToStatus(s: ProviderState): TaskStatus | null {
  return s === 'PENDING' || s === 'RUNNING' ? s : null;
}

/** 0–100 for the progress bar: provider progress when known, else an estimate from elapsed time. */
export function estimateProgress(status: TaskStatus, stored: number, submittedAt: Date | null, now = Date.now()): number {
  switch (status) {
    case 'QUEUED':
      return Math.max(stored, 2);
    case 'PENDING':
      return Math.max(stored, 8);
    case 'RUNNING': {
      const elapsed = submittedAt ? (now - submittedAt.getTime()) / 1000 : 0;
      const estimate = 10 + Math.round(70 * (1 - Math.exp(-elapsed / 90)));
      return Math.min(80, Math.max(stored, estimate));
    }
    case 'CONVERTING':
      return Math.max(stored, 85);
    case 'SUCCEEDED':
      return 100;
    default:
      return stored;
  }
}

/** Exponential backoff for resubmissions: 2, 4, 8 … s, capped at 60 s. */
export function backoffSeconds(attempt: number, retryAfter?: number): number {
  const exp = Math.min(60, 2 ** Math.max(1, attempt));
  return Math.max(exp, retryAfter ?? 0);
}
