/**
 * What this process is in a cluster (docs/deploy.md): its role, the name its task leases carry, how long a lease
 * lasts and how long a SIGTERM may take. Every variable is listed in /.env.example.
 */
import { randomBytes } from 'crypto';
import { hostname } from 'os';
import { envInt, envStr } from './env';

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

export interface InstanceConfig {
  /** api: HTTP only (no ffmpeg, no pipeline loops or periodic jobs); worker: the pipeline and jobs, HTTP only /healthz (and /metrics); all: both */
  role: Role;
  /** the lease owner name: INSTANCE_ID when set (a restart takes its own leases back at once), else host:pid:random */
  id: string;
  /** on SIGTERM: in-flight requests and conversions get this long before leases are handed back and the process exits */
  shutdownGraceSeconds: number;
}

export function roleFromEnv(): Role {
  const raw = envStr('ROLE', 'all').trim().toLowerCase();
  if (!(ROLES as readonly string[]).includes(raw)) {
    throw new Error(`[config] ROLE must be one of ${ROLES.join(', ')}, got "${envStr('ROLE')}"`);
  }
  return raw as Role;
}

/** task.leaseOwner is varchar(64): a stable id is short and plain, the generated one fits too */
function instanceIdFromEnv(): string {
  const id = envStr('INSTANCE_ID').trim();
  if (!id) return `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  if (!/^[\w.:-]{1,48}$/.test(id)) throw new Error(`[config] INSTANCE_ID must be 1–48 letters, digits or . _ : -, got "${id.slice(0, 60)}"`);
  return id;
}

export function instanceConfig(): InstanceConfig {
  const shutdownGraceSeconds = envInt('SHUTDOWN_GRACE_SECONDS', 20);
  if (shutdownGraceSeconds < 0) throw new Error(`[config] SHUTDOWN_GRACE_SECONDS must be 0 or more, got ${shutdownGraceSeconds}`);
  return { role: roleFromEnv(), id: instanceIdFromEnv(), shutdownGraceSeconds };
}

/** LEASE_SECONDS (PIPELINE_LEASE_SECONDS is its older name), at least 3 so the heartbeat (a third of it) has room */
export function leaseSecondsFromEnv(): number {
  const seconds = envInt('LEASE_SECONDS', envInt('PIPELINE_LEASE_SECONDS', 30));
  if (seconds < 1) throw new Error(`[config] LEASE_SECONDS must be at least 1, got ${seconds}`);
  return seconds;
}
