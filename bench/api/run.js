#!/usr/bin/env node
/**
 * API speed against the framework's floor: the backend (compiled, embedded defaults: SQLite, local
 * storage, provider simulator; and MariaDB when reachable), a bare Koa server that returns the very
 * same bodies, and a bare Midway app that does the same (midway-floor.js: Midway's own cost, nothing of
 * ours), all driven by autocannon in the same run, endpoint by endpoint, alternating.
 *
 *   node bench/api/run.js                       # SQLite, then MariaDB if 127.0.0.1:3306 answers
 *   BENCH_DB=sqlite node bench/api/run.js       # one database only (sqlite | mysql)
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=64 node bench/api/run.js
 *   BENCH_ONLY=users/me,finished node bench/api/run.js   # only the endpoints whose name contains one of these
 *   BENCH_CPU_PROF=/tmp/prof node bench/api/run.js        # the backend's CPU profile, written when it stops
 *
 * Prints req/s per endpoint for the three servers, our ratio to each floor, our p50 and p99, our CPU time per
 * request (from /proc, steadier than req/s on a shared machine), and the backend's RSS afterwards.
 */
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');

const root = path.join(__dirname, '..', '..');
const backendDir = path.join(root, 'backend');
const { ensureBackendBuilt } = require(path.join(root, 'scripts', 'prepare'));
const req = m => require(require.resolve(m, { paths: [root, backendDir] }));
const autocannon = req('autocannon');
const Koa = req('koa');

const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 64);

function freePort() {
  return new Promise(resolve => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitUp(base, child) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error('backend did not start in 60 s');
}

async function mysqlReachable(name) {
  try {
    const mysql = req('mysql2/promise');
    const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function startBackend(db) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-bench-api-'));
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    MIDWAY_SERVER_ENV: 'local',
    NODE_ENV: 'development',
    // the bench logs in and polls far more than a person would: lift the abuse limits, not the work
    LOGIN_RATE_MAX_PER_IP: '100000',
  };
  if (db === 'mysql') Object.assign(env, { DB_TYPE: 'mysql', DB_NAME: 'bq_api_bench', DB_HOST: '127.0.0.1', DB_USER: 'root', DB_PASSWORD: '' });
  // BENCH_CPU_PROF=<dir>: the backend writes a V8 CPU profile there when it exits (open it in Chrome DevTools)
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, path.join(backendDir, 'bootstrap.js')], { cwd: backendDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', d => (stderr = (stderr + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUp(base, child);
  } catch (e) {
    console.error(stderr);
    throw e;
  }
  return { base, child, dataDir };
}

async function call(base, method, url, { token, form, json } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body;
  if (form) {
    body = new FormData();
    for (const [k, v] of Object.entries(form)) body.append(k, v);
  } else if (json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const res = await fetch(base + url, { method, headers, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** a user with finished stickers, one running sticker, and a featured sticker on the showcase */
async function seed(base) {
  const phone = `139${String(Date.now()).slice(-8)}`;
  await call(base, 'POST', '/api/v1/users/register', { form: { phone, password: 'bench-secret-1' } });
  const login = JSON.parse((await call(base, 'POST', '/api/v1/users/login', { form: { phone, password: 'bench-secret-1' } })).text);
  const token = login.data?.token;
  if (!token) throw new Error(`login failed: ${JSON.stringify(login)}`);
  const create = async prompt => {
    const r = JSON.parse((await call(base, 'POST', '/api/v1/video/create', { token, form: { type: 'text_to_video', prompt } })).text);
    if (!r.data?.job_id) throw new Error(`create failed: ${JSON.stringify(r)}`);
    return r.data.job_id;
  };
  const done = [await create('一只可爱的猫在打篮球'), await create('小狗在跳舞')];
  const running = await create('[sim:slow] 一直在奔跑的兔子');
  for (let i = 0; i < 240; i++) {
    const states = await Promise.all(done.map(async id => JSON.parse((await call(base, 'GET', `/api/v1/video/query/${id}`, { token })).text).data.status));
    if (states.every(s => s === 'SUCCEEDED')) break;
    if (states.some(s => s === 'FAILED')) throw new Error(`a seed task failed: ${states}`);
    await new Promise(r => setTimeout(r, 500));
  }
  return { token, finished: done[0], running };
}

/** the endpoints, with the body each returns now (the bare Koa server answers the same bytes) */
async function endpoints(base, s) {
  const list = [
    ['GET /healthz', '/healthz', false],
    ['GET /api/v1/users/me', '/api/v1/users/me', true],
    ['seed 001 query (finished)', `/api/v1/video/query/${s.finished}`, true],
    ['seed 001 query (running)', `/api/v1/video/query/${s.running}`, true],
    ['GET /api/v1/stickers', '/api/v1/stickers', true],
    ['GET /api/v1/credits/transactions', '/api/v1/credits/transactions', true],
    ['GET /api/v1/showcase', '/api/v1/showcase', false],
  ];
  const only = (process.env.BENCH_ONLY || '').split(',').filter(Boolean);
  const out = [];
  for (const [name, url, auth] of list) {
    if (only.length && !only.some(o => name.includes(o))) continue;
    const r = await call(base, 'GET', url, { token: auth ? s.token : undefined });
    if (r.status !== 200) throw new Error(`${name}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    out.push({ name, url, auth, body: r.text });
  }
  return out;
}

function startKoa(eps) {
  const app = new Koa();
  const bodies = new Map(eps.map(e => [e.url, e.body]));
  app.use(async ctx => {
    const body = bodies.get(ctx.path);
    if (body === undefined) {
      ctx.status = 404;
      return;
    }
    ctx.type = 'application/json';
    ctx.body = body;
  });
  return new Promise(resolve => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** the bare Midway app (midway-floor.js) answering the same bodies, in its own process like the backend */
async function startMidwayFloor(eps) {
  const port = await freePort();
  const bodiesFile = path.join(os.tmpdir(), `bq-bench-floor-${process.pid}.json`);
  fs.writeFileSync(bodiesFile, JSON.stringify(Object.fromEntries(eps.map(e => [e.url.split('?')[0], e.body]))));
  const child = spawn(process.execPath, [path.join(__dirname, 'midway-floor.js')], {
    cwd: backendDir,
    env: { ...process.env, PORT: String(port), BENCH_BODIES: bodiesFile },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`midway-floor exited with ${child.exitCode}`);
    try {
      if ((await fetch(base + eps[0].url)).status === 200) return { base, child, bodiesFile };
    } catch {
      /* not listening yet */
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error('midway-floor did not start in 30 s');
}

/** CPU time (user + system) a process has used so far, in ms */
function cpuMs(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * (1000 / 100);
}

function drive(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (err, r) => {
      if (err) return reject(err);
      resolve({ rps: r.requests.average, total: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
    });
  });
}

function rssMb(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function benchOne(db) {
  const be = await startBackend(db);
  try {
    const s = await seed(be.base);
    const eps = await endpoints(be.base, s);
    const koa = await startKoa(eps);
    const floor = await startMidwayFloor(eps);
    try {
      console.log(
        `\n## ${db === 'mysql' ? 'MariaDB' : 'SQLite'} — ${CONNECTIONS} connections, ${SECONDS} s per run, ${os.cpus().length} cores, node ${process.version}\n`,
      );
      const cols = [
        ['endpoint', 34],
        ['koa req/s', 9],
        ['midway req/s', 12],
        ['ours req/s', 10],
        ['/koa', 5],
        ['/midway', 7],
        ['p50 ms', 6],
        ['p99 ms', 6],
        ['µs CPU/req', 10],
        ['non-2xx', 7],
      ];
      console.log(`| ${cols.map(([n, w], i) => (i ? lpad(n, w) : pad(n, w))).join(' | ')} |`);
      console.log(`| ${cols.map(([, w]) => '-'.repeat(w)).join(' | ')} |`);
      for (const e of eps) {
        const headers = e.auth ? { authorization: `Bearer ${s.token}` } : {};
        const bare = await drive(koa.base + e.url, headers);
        const mw = await drive(floor.base + e.url, headers);
        const cpu0 = cpuMs(be.child.pid);
        const ours = await drive(be.base + e.url, headers);
        const cpuPerReq = ours.total ? Math.round(((cpuMs(be.child.pid) - cpu0) * 1000) / ours.total) : '—';
        const pct = (a, b) => (b ? `${Math.round((a / b) * 100)}%` : '—');
        const cells = [
          e.name,
          Math.round(bare.rps),
          Math.round(mw.rps),
          Math.round(ours.rps),
          pct(ours.rps, bare.rps),
          pct(ours.rps, mw.rps),
          ours.p50,
          ours.p99,
          cpuPerReq,
          ours.non2xx + ours.errors,
        ];
        console.log(`| ${cells.map((c, i) => (i ? lpad(c, cols[i][1]) : pad(c, cols[i][1]))).join(' | ')} |`);
      }
      console.log(`\nbackend RSS after the run: ${rssMb(be.child.pid)} MB`);
    } finally {
      floor.child.kill('SIGTERM');
      fs.rmSync(floor.bodiesFile, { force: true });
    }
    koa.server.close();
  } finally {
    be.child.kill('SIGTERM');
    await new Promise(r => be.child.once('exit', r));
    fs.rmSync(be.dataDir, { recursive: true, force: true });
  }
}

(async () => {
  ensureBackendBuilt();
  const want = process.env.BENCH_DB || 'both';
  if (want !== 'mysql') await benchOne('sqlite');
  if (want !== 'sqlite') {
    if (await mysqlReachable('bq_api_bench')) await benchOne('mysql');
    else console.log('\n(MariaDB not reachable at 127.0.0.1:3306: skipped)');
  }
})().catch(e => {
  console.error(e);
  process.exit(1);
});
