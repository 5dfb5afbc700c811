/**
 * The one place that reads process.env. Every variable read here is listed in /.env.example.
 */
import * as path from 'path';

/** A set of environment variables (process.env, or a test's own). */
export type Env = Record<string, string | undefined>;

export const isProduction = process.env.NODE_ENV === 'production';

export function envStr(name: string, fallback = ''): string {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : v;
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`Environment variable ${name} must be a number, got "${raw}"`);
  return Math.trunc(n);
}

export function envBool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

/** backend/ — the same from src/config and dist/config. */
export const backendRoot = path.resolve(__dirname, '..', '..');
export const repoRoot = path.resolve(backendRoot, '..');
export const dataDir = path.resolve(envStr('DATA_DIR', path.join(backendRoot, 'data')));
