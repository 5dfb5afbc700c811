import { createHash } from 'crypto';

/** A weak ETag for a JSON value: the same data gives the same tag (If-None-Match → 304). */
export function weakEtag(value: unknown): string {
  return `W/"${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}"`;
}
