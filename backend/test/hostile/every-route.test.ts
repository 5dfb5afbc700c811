import { App, http, startApp, stopApp } from '../support/app';
import { Answer } from '../support/hostile';
import { Account, adminAccount, passwordAccount, rowCounts } from '../support/rows';
import { startWechatStandIn, WechatStandIn } from '../support/wechat-standin';

/**
 * Issue 11: every operation of `/openapi.json` gets junk — no token, a user's token on admin routes, missing and
 * broken bodies, wrong types and huge strings in each documented field, non-numeric and absurd path parameters,
 * repeated and huge query parameters — and must answer a 4xx in the envelope of its family with a stable code,
 * never a 5xx, and write no row. The operations come from the document, so a new route is covered the day it is
 * documented (test/openapi.test.ts makes sure every route is).
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Family = 'AppError' | 'Seed001UsersError' | 'Seed001VideoError';

interface Operation {
  method: string;
  path: string;
  family: Family;
  access: 'public' | 'bearer' | 'admin';
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
}

/**
 * Operations that take no input at all (nothing to refuse): junk in their query string or body is ignored and
 * they answer 2xx — valid by accident. Each with the reason that is harmless.
 */
const NO_INPUT: Record<string, string> = {
  'GET /healthz': 'health check: reads nothing from the request',
  'GET /openapi.json': 'the document itself',
  'GET /api/v1/meta': 'public facts (prices, bonus)',
  'GET /api/v1/credits/packages': 'public price list',
  'GET /api/v1/templates': 'the visible templates',
  'GET /api/v1/payments/options': "packages and channels for the caller's app",
  'GET /api/v1/credits': "the caller's balance",
  'GET /api/v1/users/me': "the caller's profile",
  'GET /api/v1/packs/presets': 'the preset list',
  'GET /api/v1/admin/templates': "the operators' template list",
  'GET /api/v1/admin/pack-presets': 'the preset list',
  'GET /api/v1/admin/blocked-words': 'the word lists',
  'GET /api/v1/admin/ledger-audit': 'a read-only recount of the ledger',
};

/**
 * Query parameters that are search text: any short text is a valid search that finds nothing (2xx), so only their
 * repetition is junk here.
 */
const SEARCH_TEXT: Record<string, string> = {
  target_id: 'audit log: the target id as stored (a user id, a jobId, an order number …)',
  job_id: 'admin tasks: an exact jobId',
  out_trade_no: 'admin orders: an order number (letters, digits, _ and -)',
  provider: "a provider's name, or '-' for tasks that never reached one",
  phone: 'any part of a phone number (spaces and dashes dropped)',
};

/** Path parameters that are junk: non-numeric, absurd, negative, overlong, injection-looking. */
const JUNK_PARAMS = ['abc', '-1', '0', '1.5', '9'.repeat(40), '1e309', 'x'.repeat(300), "1' OR '1'='1", '%00', '%E4%BD%A0'];

/** Valid-looking ids nothing has, so body and query junk reach the route's own checks. */
const shapedParam = (name: string) =>
  /job/i.test(name) ? 'job_000000000000000000000000' : /provider/i.test(name) ? 'kie' : /no/i.test(name) ? 'NO_SUCH_ORDER' : '999999';

/** Wrong types for one field. */
const WRONG_TYPES: unknown[] = [{ $gt: '' }, [1, 2], 12345, true, null, -1.5, 'x'.repeat(20000)];

/** Query values that are junk. */
const JUNK_QUERY = ['abc', '-1', '1e309', 'x'.repeat(4000), '%00', '[object Object]'];

let app: App;
let user: Account;
let admin: Account;
let ops: Operation[] = [];
let wechat: WechatStandIn | undefined;

function operations(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const ref: string = op.responses?.['4XX']?.content?.['application/json']?.schema?.$ref ?? '#/components/schemas/AppError';
      const security: Json[] = op.security ?? [];
      const access = security.some(s => 'admin' in s) ? 'admin' : security.some(s => 'bearer' in s) ? 'bearer' : 'public';
      const params: Json[] = op.parameters ?? [];
      const bodyRef: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
      const bodySchema: Json | undefined = bodyRef ? doc.components.schemas[bodyRef.split('/').pop()!] : op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        family: ref.split('/').pop() as Family,
        access,
        pathParams: params.filter(p => p.in === 'path').map(p => p.name as string),
        queryParams: params.filter(p => p.in === 'query').map(p => p.name as string),
        bodyFields: Object.keys(bodySchema?.properties ?? {}),
      });
    }
  }
  return out;
}

const keyOf = (op: Operation) => `${op.method} ${op.path}`;
const fill = (op: Operation, value: (name: string) => string) => op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => value(name));

interface Sent {
  what: string;
  token?: string;
  path: string;
  query?: string;
  /** a JS value sent as JSON, or a raw string with its content type */
  json?: unknown;
  raw?: { type: string; body: string };
  /** the status this junk must get (else: any 4xx) */
  status?: number;
}

async function send(op: Operation, s: Sent): Promise<Answer> {
  const url = s.path + (s.query ? `?${s.query}` : '');
  const headers: Record<string, string> = s.token ? { authorization: `Bearer ${s.token}` } : {};
  let req = (http(app) as unknown as Record<string, (u: string) => any>)[op.method === 'DELETE' ? 'delete' : op.method.toLowerCase()]!(url); // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  if (s.json !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(s.json));
  if (s.raw) req = req.set('Content-Type', s.raw.type).send(s.raw.body);
  const r = await req;
  return { status: r.status, body: r.body ?? {}, text: r.text ?? '', headers: r.headers };
}

/** The junk for one operation. */
function junkFor(op: Operation): Sent[] {
  const token = op.access === 'admin' ? admin.token : op.access === 'bearer' ? user.token : undefined;
  const path = fill(op, shapedParam);
  const out: Sent[] = [];
  if (op.access !== 'public') out.push({ what: 'no token', path, status: 401 });
  if (op.access === 'admin') out.push({ what: "a user's token", token: user.token, path, status: 403 });
  for (const p of op.pathParams) {
    for (const junk of JUNK_PARAMS) out.push({ what: `path ${p}=${junk.slice(0, 20)}`, token, path: fill(op, n => (n === p ? junk : shapedParam(n))) });
  }
  for (const q of op.queryParams) {
    for (const junk of JUNK_QUERY)
      if (!SEARCH_TEXT[q] || junk.length > 100) out.push({ what: `query ${q}=${junk.slice(0, 20)}`, token, path, query: `${q}=${encodeURIComponent(junk)}` });
    out.push({ what: `query ${q} repeated`, token, path, query: `${q}=1&${q}=2` });
  }
  if (!op.pathParams.length && !op.queryParams.length && !op.bodyFields.length) {
    // no input to refuse: the junk is ignored, and the operation must be listed in NO_INPUT with its reason
    out.push({ what: 'an undocumented query parameter', token, path, query: `junk=${encodeURIComponent("1' OR '1'='1")}` });
  }
  if (op.method !== 'GET') {
    out.push({ what: 'no body', token, path });
    out.push({ what: 'empty JSON object', token, path, json: {} });
    out.push({ what: 'JSON array', token, path, json: [1, 2, 3] });
    out.push({ what: 'JSON string', token, path, json: 'hello' });
    out.push({ what: 'JSON null', token, path, raw: { type: 'application/json', body: 'null' } });
    out.push({ what: 'broken JSON', token, path, raw: { type: 'application/json', body: '{"a":' } });
    out.push({ what: 'XML body', token, path, raw: { type: 'application/xml', body: '<a>1</a>' } });
    out.push({ what: 'multipart without a boundary', token, path, raw: { type: 'multipart/form-data', body: 'a=1' } });
    for (const f of op.bodyFields) {
      for (const v of WRONG_TYPES) out.push({ what: `body ${f}=${JSON.stringify(v).slice(0, 20)}`, token, path, json: { [f]: v } });
    }
    if (op.bodyFields.length) {
      out.push({ what: 'every field huge', token, path, json: Object.fromEntries(op.bodyFields.map(f => [f, 'x'.repeat(5000)])) });
      out.push({ what: 'every field an object', token, path, json: Object.fromEntries(op.bodyFields.map(f => [f, { a: 1 }])) });
    }
  }
  return out;
}

/** What is wrong with an answer (empty: fine). */
function problem(op: Operation, s: Sent, r: Answer): string | undefined {
  if (r.status >= 500) return `HTTP ${r.status}`;
  if (s.status && r.status !== s.status) return `HTTP ${r.status}, expected ${s.status}`;
  if (r.status < 400) {
    if (r.status < 300 && NO_INPUT[keyOf(op)] && s.status === undefined) return undefined;
    return `HTTP ${r.status} for junk`;
  }
  const b = r.body as Json;
  if (op.family === 'Seed001UsersError') {
    if (b.code !== 1 || typeof b.message !== 'string' || Object.keys(b).length !== 2) return 'not {code:1, message}';
  } else if (op.family === 'Seed001VideoError') {
    // seed 001's query answers an unknown job with its own {code:500, message, data} (a contract)
    const queryUnknown = op.path.startsWith('/api/v1/video/query/') && r.status === 404 && b.code === 500 && b.message === '任务不存在';
    if (!queryUnknown && (typeof b.error !== 'string' || !/^[A-Z][A-Z_]+$/.test(String(b.code)) || Object.keys(b).length !== 2)) return 'not {error, code}';
  } else if (!/^[A-Z][A-Z_]+$/.test(String(b.code)) || typeof b.message !== 'string' || typeof b.requestId !== 'string') {
    return 'not the app envelope {code, message, requestId}';
  }
  return undefined;
}

describe('every documented route answers junk with a 4xx in its envelope', () => {
  beforeAll(async () => {
    // WeChat configured (a local stand-in that knows no codes, a push token): a well-formed code or push is then
    // refused as a code or a signature, not answered 503 for a feature that is not set up
    wechat = await startWechatStandIn('wx-every-route', 'wx-secret');
    app = await startApp({
      WECHAT_APPID: 'wx-every-route',
      WECHAT_SECRET: 'wx-secret',
      WECHAT_API_BASE: wechat.url,
      WECHAT_PUSH_TOKEN: 'every-route-push-token',
    });
    ops = operations((await http(app).get('/openapi.json').expect(200)).body);
    user = await passwordAccount(app);
    admin = await adminAccount(app);
    // the one route that needs no input (a code to the caller's own phone) is called once now: every junk call
    // after it meets the resend wait (429) and writes nothing
    await http(app).post('/api/v1/users/password/code').set('Authorization', `Bearer ${user.token}`).expect(200);
  });
  afterAll(async () => {
    await stopApp(app);
    await wechat?.close();
  });

  it('reads the operations from /openapi.json', () => {
    expect(ops.length).toBeGreaterThan(60);
    expect(ops.filter(o => o.access === 'admin').length).toBeGreaterThan(20);
    expect(ops.filter(o => o.pathParams.length).length).toBeGreaterThan(20);
    // NO_INPUT names only documented operations that really take no input
    const inputless = ops.filter(o => !o.pathParams.length && !o.queryParams.length && !o.bodyFields.length).map(keyOf);
    expect(inputless).toEqual(expect.arrayContaining(Object.keys(NO_INPUT)));
  });

  it('never answers 5xx, nor 2xx to junk, and always in the family envelope with a stable code; writes nothing', async () => {
    const before = await rowCounts(app);
    const failures: string[] = [];
    let sent = 0;
    for (const op of ops) {
      for (const s of junkFor(op)) {
        const r = await send(op, s);
        sent++;
        const p = problem(op, s, r);
        if (p) failures.push(`${keyOf(op)} [${s.what}]: ${p}: ${r.text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    const after = await rowCounts(app);
    expect(after).toEqual(before);
  });
});
