/**
 * Small readers that turn provider JSON (`unknown`) into typed values at the edge. They throw PayloadError;
 * `parsePayload` turns that into a ProviderError so nothing untyped leaks out of a provider client.
 */
import { ProviderError, ProviderErrorKind, ProviderName } from './provider';

export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function record(v: unknown, what: string): JsonRecord {
  if (!isRecord(v)) throw new PayloadError(`${what} is not an object`);
  return v;
}

export function optRecord(v: unknown, what: string): JsonRecord | undefined {
  if (v === undefined || v === null) return undefined;
  return record(v, what);
}

export function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') throw new PayloadError(`${what} is not a non-empty string`);
  return v;
}

/** A string or a number (providers mix them for codes and ids); null/undefined/'' → undefined. */
export function optText(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new PayloadError(`${what} is not a string`);
}

export function optNum(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new PayloadError(`${what} is not a number`);
}

/** Runs a parser; a PayloadError becomes ProviderError(kind, 'malformed …'). */
export function parsePayload<T>(provider: ProviderName | 'qwen', kind: ProviderErrorKind, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PayloadError) {
      throw new ProviderError(provider, kind, `malformed ${what}: ${e.message}`);
    }
    throw e;
  }
}

/** Cuts a string to at most n characters (code points, so CJK and emoji are not split). */
export function clip(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length <= n ? s : chars.slice(0, n).join('');
}

/** The shape of a "W*H" size: drives aspect ratios for providers that take one. */
export function sizeShape(size: string | undefined): 'landscape' | 'portrait' | 'square' {
  const m = /^(\d+)\*(\d+)$/.exec(size ?? '');
  if (!m) return 'square';
  const w = Number(m[1]);
  const h = Number(m[2]);
  return w > h ? 'landscape' : w < h ? 'portrait' : 'square';
}
