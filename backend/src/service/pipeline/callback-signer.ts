import { createHmac, timingSafeEqual } from 'crypto';

/** Callback URLs are valid this long (seed 000 §4.2.3). */
export const CALLBACK_TTL_MS = 24 * 3600 * 1000;

/**
 * Signed provider callback URLs: `${base}/api/v1/callbacks/<provider>?task=<jobId>&ts=<ms>&sig=<hmac>` with
 * sig = HMAC-SHA256(secret, "<provider>:<jobId>:<ts>") in hex. evolink and kie sign nothing themselves.
 */
export function signCallbackUrl(secret: string, baseUrl: string, provider: string, jobId: string, now = Date.now()): string {
  const ts = String(now);
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/api/v1/callbacks/${provider}`);
  url.searchParams.set('task', jobId);
  url.searchParams.set('ts', ts);
  url.searchParams.set('sig', sign(secret, provider, jobId, ts));
  return url.toString();
}

export type CallbackCheck = { ok: true } | { ok: false; reason: 'missing' | 'expired' | 'signature' };

export function verifyCallback(secret: string, provider: string, jobId: unknown, ts: unknown, sig: unknown, now = Date.now()): CallbackCheck {
  if (typeof jobId !== 'string' || typeof ts !== 'string' || typeof sig !== 'string' || !/^\d{10,16}$/.test(ts)) {
    return { ok: false, reason: 'missing' };
  }
  const age = now - Number(ts);
  if (age > CALLBACK_TTL_MS || age < -5 * 60 * 1000) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(sign(secret, provider, jobId, ts), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(sig) ? Buffer.from(sig, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  return { ok: true };
}

function sign(secret: string, provider: string, jobId: string, ts: string): string {
  return createHmac('sha256', secret).update(`${provider}:${jobId}:${ts}`).digest('hex');
}
