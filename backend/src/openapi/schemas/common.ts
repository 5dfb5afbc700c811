/**
 * Building blocks of the response schemas (OpenAPI 3.0 schema objects, checked with ajv in the tests): strict
 * objects (every field required unless listed optional, nothing else allowed), the app envelope and the paged list.
 * `obj<T>` takes one schema per field of the shared type T, so a field added to shared/ without a schema here is
 * a type error.
 */
import type { Paged } from '@app/shared';

export type Schema = Record<string, unknown>;

export const str: Schema = { type: 'string' };
export const int: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };
export const bool: Schema = { type: 'boolean' };
/** a Date as the API writes it (`toISOString()`) */
export const time: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$', description: 'ISO 8601 (UTC)' };
/** a calendar day in China time */
export const day: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC+8)' };
/** any JSON value (what a provider or a channel sent, kept as received) */
export const anyValue: Schema = { description: 'any JSON value' };

/** `null` allowed too; the schema must have a `type` (ajv reads `nullable` with it). */
export const nullable = (s: Schema): Schema => ({ ...s, nullable: true });
export const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const oneOfStrings = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
export const oneOfInts = (values: readonly number[]): Schema => ({ type: 'integer', enum: [...values] });
/** The names of a union type, complete and nothing more: `keysOf<Role>({ user: 1, admin: 1 })`. */
export const keysOf = <K extends string>(all: Record<K, unknown>): K[] => Object.keys(all) as K[];

/** An object with exactly these fields; every one required except `optional`. */
export function obj<T>(props: { [K in keyof Required<T>]: Schema }, optional: Array<keyof T> = []): Schema {
  const required = Object.keys(props).filter(k => !optional.includes(k as keyof T));
  return { type: 'object', required, properties: props, additionalProperties: false };
}

/** An object of string keys to values of one schema (e.g. counts by status). */
export const mapOf = (values: Schema, keys?: readonly string[]): Schema =>
  keys
    ? { type: 'object', properties: Object.fromEntries(keys.map(k => [k, values])), additionalProperties: false }
    : { type: 'object', additionalProperties: values };

export const REQUEST_ID = 'a1b2c3d4e5f6';

/** The app envelope around `data` (shared/src/envelope.ts ApiOk), with an example. */
export function appOk(data: Schema, example: unknown, message = 'ok'): Schema {
  return {
    type: 'object',
    required: ['code', 'message', 'data', 'requestId'],
    properties: { code: oneOfStrings(['OK']), message: str, data, requestId: str },
    additionalProperties: false,
    example: { code: 'OK', message, data: example, requestId: REQUEST_ID },
  };
}

/** Paged<T> (shared/src/credit.ts) of items of this schema. */
export const paged = (item: Schema): Schema => obj<Paged<unknown>>({ total: int, page: int, pageSize: int, items: arrayOf(item) });
export const pageOf = <T>(item: T): Paged<T> => ({ total: 1, page: 1, pageSize: 20, items: [item] });

export const T0 = '2026-01-01T08:00:00.000Z';
export const T1 = '2026-01-01T08:01:00.000Z';
export const JOB_ID = 'job_0123456789abcdef01234567';
