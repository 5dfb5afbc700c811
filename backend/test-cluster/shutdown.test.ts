import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { DataSource } from 'typeorm';
import { asDate, openDb } from './support/db';
import { instanceEnv, ClusterEnv } from './support/env';
import { freePort, Instance, kill9, sigterm, startInstance, waitFor } from './support/instance';
import { startStandIn, StandIn } from './support/provider-standin';

/**
 * One backend as a real process on SQLite: ROLE is checked at start, a worker answers only /healthz, and SIGTERM
 * answers the request in progress, refuses new connections, hands back a conversion it cannot finish in
 * SHUTDOWN_GRACE_SECONDS (the next instance resumes it at once, not after LEASE_SECONDS) and exits 0.
 */
describe('backend process: roles and graceful shutdown', () => {
  let standIn: StandIn;
  let c: ClusterEnv;
  let db: DataSource | undefined;
  const running: Instance[] = [];

  beforeAll(async () => {
    standIn = await startStandIn({ delayMs: 600 });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-shutdown-'));
    c = { dataDir, standIn, publicBaseUrl: '', db: { DB_TYPE: 'sqlite', DB_PATH: path.join(dataDir, 'app.sqlite') } };
  });

  afterAll(async () => {
    for (const i of running) if (i.proc.exitCode === null && i.proc.signalCode === null) await kill9(i);
    await db?.destroy();
    await standIn?.close();
    if (c) fs.rmSync(c.dataDir, { recursive: true, force: true });
  });

  async function start(name: string, extra: Record<string, string>): Promise<Instance> {
    const port = await freePort();
    const inst = await startInstance(name, port, instanceEnv({ ...c, publicBaseUrl: `http://127.0.0.1:${port}` }, name, extra));
    running.push(inst);
    return inst;
  }

  async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
    db ??= await openDb(c.db);
    return db.query(query, params);
  }
  const workDirs = () => (fs.existsSync(path.join(c.dataDir, 'tmp')) ? fs.readdirSync(path.join(c.dataDir, 'tmp')) : []);

  async function login(base: string): Promise<string> {
    const phone = `139${String(Date.now() % 1e8).padStart(8, '0')}`;
    const form = (p: Record<string, string>) => new URLSearchParams(p);
    await fetch(`${base}/api/v1/users/register`, { method: 'POST', body: form({ phone, password: 'secret123' }) });
    const r = await fetch(`${base}/api/v1/users/login`, { method: 'POST', body: form({ phone, password: 'secret123' }) });
    const body = (await r.json()) as { data: { token: string } };
    return `Bearer ${body.data.token}`;
  }

  it('refuses an unknown ROLE with a clear message and a non-zero exit', async () => {
    const inst = await startInstance('bad', await freePort(), instanceEnv(c, 'bad', { ROLE: 'backend' }), false);
    const { code } = await inst.exited;
    expect(code).not.toBe(0);
    expect(inst.output.join('')).toContain('ROLE must be one of api, worker, all, got "backend"');
  });

  it('a worker answers /healthz and nothing of the API', async () => {
    const w = await start('w-roles', { ROLE: 'worker' });
    expect((await fetch(`${w.url}/healthz`)).status).toBe(200);
    const api = await fetch(`${w.url}/api/v1/meta`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { code: string }).code).toBe('NOT_FOUND');
    expect((await sigterm(w)).code).toBe(0);
  });

  it('SIGTERM: the request in progress is answered, new connections are refused, exit 0', async () => {
    const a = await start('a-http', { SHUTDOWN_GRACE_SECONDS: '10' });
    const phone = `137${String(Date.now() % 1e8).padStart(8, '0')}`;
    await fetch(`${a.url}/api/v1/users/register`, { method: 'POST', body: new URLSearchParams({ phone, password: 'secret123' }) });
    // a login whose body arrives in two halves: SIGTERM comes between them
    const body = new URLSearchParams({ phone, password: 'secret123' }).toString();
    let answeredAt = 0;
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        `${a.url}/api/v1/users/login`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        },
        res => {
          let text = '';
          res.on('data', d => (text += String(d)));
          res.on('end', () => {
            answeredAt = Date.now();
            resolve({ status: res.statusCode ?? 0, text });
          });
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        a.proc.kill('SIGTERM');
        // the listener closes at once; then the rest of the body arrives
        void waitFor(
          'the listener to close',
          () =>
            fetch(`${a.url}/healthz`).then(
              () => false,
              () => true,
            ),
          10000,
          50,
        ).then(() => req.end(body.slice(10)), reject);
      }, 300);
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ code: 0, message: 'Login successful' });
    const exit = await a.exited;
    expect(exit.code).toBe(0);
    expect(exit.at).toBeGreaterThanOrEqual(answeredAt);
  });

  it('SIGTERM mid-conversion hands the lease back: the next instance resumes at once and leaves no work folder', async () => {
    standIn.delays.file = 60000; // the MP4 download hangs: the conversion is in progress when SIGTERM comes
    const a = await start('a-convert', { SHUTDOWN_GRACE_SECONDS: '1', LEASE_SECONDS: '30' });
    const auth = await login(a.url);
    const created = await fetch(`${a.url}/api/v1/stickers`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'text', prompt: '关机也不丢' }),
    });
    const jobId = ((await created.json()) as { data: { jobId: string } }).data.jobId;
    type Row = { id: number; status: string; leaseOwner: string | null; leaseUntil: string | null };
    const row = async () => (await sql<Row>('SELECT id, status, leaseOwner, leaseUntil FROM task WHERE jobId = ?', [jobId]))[0]!;
    await waitFor(
      'the conversion to start',
      async () => {
        const r = await row();
        return r.status === 'CONVERTING' && workDirs().some(d => d.startsWith(`sticker-${r.id}-`));
      },
      60000,
    );

    const stopAsked = Date.now();
    expect((await sigterm(a)).code).toBe(0);
    const stopSeconds = (Date.now() - stopAsked) / 1000;
    expect(stopSeconds).toBeLessThan(10); // the grace is 1 s; the process does not wait for the download
    const left = await row();
    expect(left).toMatchObject({ status: 'CONVERTING', leaseOwner: 'a-convert' });
    expect(asDate(left.leaseUntil)!.getTime()).toBeLessThanOrEqual(Date.now());

    standIn.delays.file = 0;
    const restarted = Date.now();
    const b = await start('b-convert', { LEASE_SECONDS: '30' });
    await waitFor('the task to succeed', async () => (await row()).status === 'SUCCEEDED', 60000);
    const resumeSeconds = (Date.now() - restarted) / 1000;
    console.log(
      `[shutdown] SIGTERM to exit ${stopSeconds.toFixed(1)} s; handed-back conversion done ${resumeSeconds.toFixed(1)} s after the next start (lease 30 s)`,
    );
    expect(resumeSeconds).toBeLessThan(30);
    const events = await sql<{ type: string; data: string | null }>('SELECT type, data FROM task_event WHERE taskId = ? ORDER BY id', [left.id]);
    expect(events.find(e => e.type === 'convert_resumed')?.data).toContain('a-convert');
    const settles = await sql<{ n: number }>(`SELECT COUNT(*) AS n FROM credit_entry WHERE type = 'settle' AND referenceId = ?`, [jobId]);
    expect(Number(settles[0]!.n)).toBe(1);
    expect(workDirs().filter(d => d.startsWith('sticker-'))).toEqual([]);
    expect((await sigterm(b)).code).toBe(0);
  });
});
