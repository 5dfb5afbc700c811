import { createHmac } from 'crypto';
import * as http from 'http';
import { App } from './app';
import { rowCounts } from './rows';

export interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: unknown };
  text: string;
  headers: Record<string, unknown>;
}

/** One bad input: what is sent, and the 4xx (and stable code) it must get, writing nothing. */
export interface HostileCase {
  name: string;
  send: () => PromiseLike<Answer>;
  status: number | number[];
  /** body.code: the app's ErrorCode, 1 for seed 001's users API, 500 for seed 001's query */
  code?: string | number;
  /** extra assertions on the answer */
  check?: (r: Answer) => void | Promise<void>;
}

/**
 * Runs each case as its own test: status and code as expected, never 5xx, and the same row counts in every
 * watched table before and after.
 */
export function runHostileCases(getApp: () => App, cases: HostileCase[]) {
  const names = cases.map(c => c.name);
  it('has distinct cases', () => {
    expect(new Set(names).size).toBe(names.length);
  });
  it.each(cases.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const app = getApp();
    const before = await rowCounts(app);
    const r = await c.send();
    const allowed = Array.isArray(c.status) ? c.status : [c.status];
    if (!allowed.includes(r.status)) throw new Error(`${c.name}: HTTP ${r.status}, expected ${allowed.join('|')}: ${r.text.slice(0, 300)}`);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    if (c.code !== undefined) expect(r.body.code).toBe(c.code);
    if (c.check) await c.check(r);
    expect(await rowCounts(app)).toEqual(before);
  });
}

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A JWT with any header and claims, signed with HS256/HS512 and `secret`, or unsigned (alg none). */
export function craftJwt(claims: Record<string, unknown>, opts: { secret?: string; alg?: 'HS256' | 'HS512' | 'none' } = {}): string {
  const alg = opts.alg ?? 'HS256';
  const head = `${b64url({ alg, typ: 'JWT' })}.${b64url(claims)}`;
  if (alg === 'none') return `${head}.`;
  const h = createHmac(alg === 'HS512' ? 'sha512' : 'sha256', opts.secret ?? 'wrong-secret')
    .update(head)
    .digest('base64url');
  return `${head}.${h}`;
}

/** A GET with the path sent byte for byte (no client-side normalising of `..` or %-escapes). */
export function rawGet(port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c as Buffer));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Answer['body'] = {};
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON: static files answer plain text */
        }
        resolve({ status: res.statusCode ?? 0, body, text, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw request body with any content type (malformed multipart, XML, …). */
export function rawPost(port: number, path: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c as Buffer));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Answer['body'] = {};
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
