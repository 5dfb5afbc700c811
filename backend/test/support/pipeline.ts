import * as net from 'net';
import { App, dataSource, freshPhone, http } from './app';
import { expectAuditClean, ledgerOf } from './credit-fixtures';

/**
 * A free TCP port on 127.0.0.1 for the app to listen on (so the simulator can call back and fetch images). It is
 * taken below Linux's ephemeral range (32768–60999): a port the OS handed out and took back could be handed out
 * again — to the simulators this very app starts on port 0 before it listens — and the app's listen then fails
 * with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>(resolve => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** Env for a fast pipeline against the in-process simulator. */
export async function pipelineEnv(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const port = await freePort();
  return {
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    SIM_DELAY_MS: '400',
    PIPELINE_DISPATCH_MS: '150',
    PIPELINE_RECONCILE_MS: '300',
    PIPELINE_POLL_SECONDS: '1',
    PIPELINE_QUERY_REFRESH_SECONDS: '0',
    DASHSCOPE_API_KEY: '',
    EVOLINK_API_KEY: '',
    KIE_API_KEY: '',
    ...extra,
  };
}

export async function signUp(app: App): Promise<{ phone: string; token: string; auth: string }> {
  const phone = freshPhone();
  await http(app).post('/api/v1/users/register').field('phone', phone).field('password', 'secret123').expect(200);
  const res = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', 'secret123').expect(200);
  const token = res.body.data.token as string;
  return { phone, token, auth: `Bearer ${token}` };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 45000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Polls seed 001's query endpoint until the job reaches a final status. */
export async function queryUntilDone(app: App, auth: string, jobId: string, timeoutMs = 45000) {
  return waitFor(
    `job ${jobId} to finish`,
    async () => {
      const r = await http(app).get(`/api/v1/video/query/${jobId}`).set('Authorization', auth);
      return ['SUCCEEDED', 'FAILED', 'UNKNOWN'].includes(r.body.data?.status) ? r.body : undefined;
    },
    timeoutMs,
  );
}

/** Waits until the task row reaches one of the statuses, without querying (reconciler / callback only). */
export async function taskStatusBecomes(app: App, jobId: string, statuses: string[], timeoutMs = 45000) {
  const db = await dataSource(app);
  return waitFor(
    `task ${jobId} → ${statuses.join('|')}`,
    async () => {
      const rows = await db.query(`SELECT status FROM task WHERE jobId = ?`, [jobId]);
      return statuses.includes(rows[0]?.status) ? (rows[0].status as string) : undefined;
    },
    timeoutMs,
  );
}

export async function credits(app: App, auth: string): Promise<{ available: number; frozen: number }> {
  const r = await http(app).get('/api/v1/credits').set('Authorization', auth).expect(200);
  return { available: r.body.data.available, frozen: r.body.data.frozen };
}

/** The ledger audit over the whole database must be clean after every pipeline test. */
export async function expectLedgerClean(app: App) {
  await expectAuditClean(await ledgerOf(app));
}

/** Fetches a stored file through the app (URLs are absolute: PUBLIC_BASE_URL + /files/...). */
export async function fetchFile(url: string): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

export async function events(app: App, jobId: string): Promise<Array<{ type: string; source: string; status: string | null }>> {
  const db = await dataSource(app);
  return db.query(`SELECT e.type, e.source, e.status FROM task_event e JOIN task t ON t.id = e.taskId WHERE t.jobId = ? ORDER BY e.id`, [jobId]);
}
