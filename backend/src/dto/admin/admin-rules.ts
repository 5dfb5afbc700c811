/**
 * The admin API's field rules for declared DTOs (`@Rule(adminRule(intParam, 'user_id', 1, 100))`): each reader turns
 * one query or body value into a typed value, or fails with VALIDATION_FAILED and a message naming the field.
 */
import { RuleType } from '@midwayjs/validate';
import { validation } from '../../error/app.error';
import { mustRead } from '../rules';
import { dayStart } from '../../service/admin/admin-stats.service';

type Query = Record<string, unknown>;
type Body = Record<string, unknown>;

/**
 * A DTO rule from one of the readers below: the reader sees the field alone; what it returns is the DTO's value
 * (undefined: absent), what it throws is the answer (the error filter unwraps it).
 */
export function adminRule<A extends unknown[], T>(read: (q: Query, name: string, ...args: A) => T, name: string, ...args: A) {
  return RuleType.any().custom(value => read({ [name]: value }, name, ...args));
}

/** The same for a reader that refuses an absent value too (amount, featured, hidden). */
export function requiredAdminRule<T>(read: (q: Query, name: string) => T, name: string) {
  return mustRead(value => read({ [name]: value }, name));
}

const MAX_AMOUNT = 100_000_000;

/** A JSON integer 1..1e8 (or a string of digits from a form). Floats, zero, negatives, text → 400. */
export function amountField(body: Body): number {
  const v = body.amount;
  const num = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(num) || num <= 0 || num > MAX_AMOUNT) {
    throw validation(`积分数量必须是 1 到 ${MAX_AMOUNT} 之间的整数`, { field: 'amount' });
  }
  return num;
}

/** Optional idempotency key of a form submission. */
export function keyField(body: Body): string | undefined {
  const v = body.idempotencyKey;
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(v)) throw validation('idempotencyKey 格式错误', { field: 'idempotencyKey' });
  return v;
}

export function boolField(body: Body, name: string): boolean {
  const v = body[name];
  if (v === true || v === 'true' || v === '1') return true;
  if (v === false || v === 'false' || v === '0') return false;
  throw validation(`${name} 必须是 true 或 false`, { field: name });
}

const TEXT_MAX = 100;

/** A query value as trimmed text ('' → absent). Sent twice (an array) or overlong → 400 naming the field. */
export function str(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw validation(`${name} 只能出现一次`, { field: name });
  if (v.length > TEXT_MAX) throw validation(`${name} 最多 ${TEXT_MAX} 个字`, { field: name });
  return v.trim() || undefined;
}

/** Digits of a phone number to search by (any part). */
export function phoneParam(q: Query, name = 'phone'): string | undefined {
  const v = str(q, name);
  if (!v) return undefined;
  const digits = v.replace(/[\s-]/g, '');
  if (!/^\d{1,11}$/.test(digits)) throw validation('手机号只能包含数字（最多 11 位）', { field: name });
  return digits;
}

export function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[]): T | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw validation(`${name} 只能是 ${allowed.join('、')}`, { field: name, allowed });
  return v as T;
}

/** A comma-separated list of allowed values (`upper`: compared in upper case, e.g. statuses). */
export function listOf<T extends string>(q: Query, name: string, allowed: readonly T[], upper = false): T[] | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  const items = v
    .split(',')
    .map(s => (upper ? s.trim().toUpperCase() : s.trim()))
    .filter(Boolean);
  const bad = items.filter(i => !(allowed as readonly string[]).includes(i));
  if (bad.length) throw validation(`${name} 只能是 ${allowed.join('、')}`, { field: name, allowed });
  return items as T[];
}

export function intParam(q: Query, name: string, min: number, max: number): number | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  const num = Number(v);
  if (!/^\d+$/.test(v) || num < min || num > max) throw validation(`${name} 必须是 ${min} 到 ${max} 之间的整数`, { field: name });
  return num;
}

export function boolParam(q: Query, name: string): boolean | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw validation(`${name} 必须是 true 或 false`, { field: name });
}

/** `YYYY-MM-DD` (a China-time day) → the instant it starts; `endOfDay` → the instant the next day starts. */
export function dayParam(q: Query, name: string, endOfDay = false): Date | undefined {
  const v = str(q, name);
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw validation(`${name} 必须是 YYYY-MM-DD 格式的日期`, { field: name });
  const start = dayStart(v);
  return endOfDay ? new Date(start.getTime() + 24 * 3600_000) : start;
}

/** A query value that must match `pattern` (a provider's name, an order number …), else `message` naming the field. */
export function matching(q: Query, name: string, pattern: RegExp, message: string): string | undefined {
  const v = str(q, name);
  if (v !== undefined && !pattern.test(v)) throw validation(message, { field: name });
  return v;
}

/** `to` of a from–to day range (the end of that day), after `from` in the same query: the range may not run backwards. */
export const toDayRule = () =>
  RuleType.any().custom((value, helpers) => {
    const to = dayParam({ to: value }, 'to', true);
    const from = (helpers.state.ancestors[0] as Query | undefined)?.from;
    if (to && from instanceof Date && from >= to) throw validation('开始日期不能晚于结束日期', { field: 'from' });
    return to;
  });
