#!/usr/bin/env node
// End-to-end browser tests: builds what is stale, starts the real backend (embedded defaults: SQLite, local
// files, provider simulator) on a random port with a fresh data folder, drives the H5 app in Debian Chromium
// (playwright-core) at a phone viewport, and checks the weapp build. Writes test-artifacts/e2e-summary.json
// `{passed, failed, cases:[{name, ok, error?, ms}]}` (read by `npm test`) and screenshots under
// test-artifacts/app/. Exits non-zero when a case fails.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_SKIP_WEAPP=1 (skip the weapp build check),
// E2E_ONLY=app|packs|payments|admin|weapp (run one part), E2E_HEADED=1 (show the browser, needs a display), E2E_TIMEOUT_MS (watchdog, 12 min).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const artifactsDir = path.join(root, 'test-artifacts');
const summaryFile = path.join(artifactsDir, 'e2e-summary.json');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ADMIN_PHONE = '13900000001';
const WATCHDOG_MS = Number(process.env.E2E_TIMEOUT_MS || 12 * 60 * 1000);
const only = process.env.E2E_ONLY || '';

const cases = [];
let summaryWritten = false;
let stage = 'setup';
let server = null;
let browser = null;
let tmpDir = null;

function log(msg) {
  console.log(`\x1b[35m[e2e]\x1b[0m ${msg}`);
}

function report(c) {
  cases.push(c);
  const mark = c.ok ? '\x1b[32m✓\x1b[0m' : '\x1b[31m✗\x1b[0m';
  console.log(`  ${mark} ${c.name} (${(c.ms / 1000).toFixed(1)} s)${c.ok ? '' : `\n      ${String(c.error).split('\n').join('\n      ')}`}`);
}

function writeSummary() {
  if (summaryWritten) return;
  summaryWritten = true;
  fs.mkdirSync(artifactsDir, { recursive: true });
  const passed = cases.filter(c => c.ok).length;
  const failed = cases.length - passed;
  fs.writeFileSync(summaryFile, JSON.stringify({ passed, failed, cases }, null, 2));
}

function killServer() {
  if (server && server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

// whatever ends the process (a failed build calls process.exit, a crash, the watchdog) still leaves a summary
process.on('exit', code => {
  if (!summaryWritten && code !== 0 && !cases.some(c => !c.ok)) {
    cases.push({ name: `e2e ${stage}`, ok: false, error: `the harness stopped during ${stage} (exit ${code})`, ms: 0 });
  }
  writeSummary();
  killServer();
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cases.push({ name: `e2e ${stage}`, ok: false, error: `interrupted (${sig})`, ms: 0 });
    process.exit(130);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise(resolve => {
    const req = http.get(url, res => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

/** Start `node backend/bootstrap.js`; its output goes to test-artifacts/server.log and stays readable in memory. */
async function startServer() {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: '',
    MIDWAY_SERVER_ENV: 'local',
    DATA_DIR: path.join(tmpDir, 'data'),
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    SIM_DELAY_MS: '1500',
    ADMIN_PHONES: ADMIN_PHONE,
    TRUST_PROXY: 'false',
    DB_TYPE: 'sqlite',
    REDIS_URL: '',
  };
  for (const k of ['JWT_SECRET', 'APP_KEYS', 'CALLBACK_HMAC_SECRET', 'DB_NAME', 'DB_PATH']) delete env[k];
  const logFile = path.join(artifactsDir, 'server.log');
  const out = fs.createWriteStream(logFile);
  let text = '';
  server = spawn(process.execPath, [path.join(root, 'backend', 'bootstrap.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = chunk => {
    text += chunk.toString();
    out.write(chunk);
  };
  server.stdout.on('data', collect);
  server.stderr.on('data', collect);
  const serverLog = () => text;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the backend exited (${server.exitCode}) before it was healthy; see test-artifacts/server.log:\n${text.slice(-2000)}`);
    if ((await get(`${baseUrl}/healthz`)) === 200) return { baseUrl, serverLog, dbPath: path.join(env.DATA_DIR, 'app.sqlite') };
    await new Promise(r => setTimeout(r, 300));
  }
  throw new Error(`the backend did not answer ${baseUrl}/healthz within 90 s; see test-artifacts/server.log`);
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const done = new Promise(r => server.once('exit', r));
  server.kill('SIGTERM');
  const t = setTimeout(killServer, 5000);
  await done;
  clearTimeout(t);
}

(async () => {
  const watchdog = setTimeout(() => {
    console.error(`[e2e] gave up after ${WATCHDOG_MS / 1000} s`);
    cases.push({ name: `e2e ${stage}`, ok: false, error: `watchdog: still in ${stage} after ${WATCHDOG_MS / 1000} s`, ms: WATCHDOG_MS });
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  const t0 = Date.now();
  fs.rmSync(summaryFile, { force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });

  let chromium;
  if (only !== 'weapp') {
    stage = 'browser check';
    if (!fs.existsSync(CHROMIUM)) {
      console.error(
        `[e2e] Chromium not found at ${CHROMIUM}. Install Debian's browser and a Chinese font:\n` +
          '        apt-get install -y chromium fonts-wqy-microhei   (what .ci/run does)\n' +
          '      or point CHROMIUM_PATH at a Chromium/Chrome binary.',
      );
      cases.push({ name: 'e2e setup: Chromium available', ok: false, error: `no browser at ${CHROMIUM}`, ms: 0 });
      process.exit(1);
    }
    try {
      ({ chromium } = require('playwright-core'));
    } catch {
      console.error('[e2e] playwright-core is not installed: run `npm install` at the repo root.');
      cases.push({ name: 'e2e setup: playwright-core installed', ok: false, error: 'cannot require playwright-core', ms: 0 });
      process.exit(1);
    }
  }

  // build what is stale (prepare.run exits the process on a failed build; the exit handler records it)
  stage = 'build';
  const { ensureBackendBuilt, ensureH5Built } = require('../scripts/prepare');
  if (only !== 'weapp') {
    ensureBackendBuilt();
    ensureH5Built();
  }

  // the weapp build runs alongside the browser tests (it is CPU work, they mostly wait for the pipeline)
  let weapp = null;
  if (process.env.E2E_SKIP_WEAPP !== '1' && (!only || only === 'weapp')) {
    const { checkWeappBuild } = require('./weapp-check');
    const w0 = Date.now();
    weapp = checkWeappBuild({ root, logFile: path.join(artifactsDir, 'weapp-build.log') }).then(
      () => ({ name: 'weapp build: succeeds and app.json lists every page of app.config.ts', ok: true, ms: Date.now() - w0 }),
      e => ({ name: 'weapp build: succeeds and app.json lists every page of app.config.ts', ok: false, error: e.message, ms: Date.now() - w0 }),
    );
  }

  if (only !== 'weapp') {
    stage = 'backend start';
    log('starting the backend');
    let started;
    try {
      started = await startServer();
    } catch (e) {
      cases.push({ name: 'e2e setup: backend starts', ok: false, error: e.message, ms: 0 });
      console.error(`[e2e] ${e.message}`);
      process.exit(1);
    }
    const { baseUrl, serverLog, dbPath } = started;
    log(`backend at ${baseUrl} (data in ${tmpDir})`);
    if (!only || ['packs', 'payments', 'admin'].includes(only)) {
      // the operator the packs, payments and admin suites sign in as: ADMIN_PHONES promotes a phone only once an
      // SMS code proved it, then it gets the suites' password (e2e/admin.e2e.js)
      stage = 'admin account';
      await require('./admin.e2e').adminAccount(baseUrl, ADMIN_PHONE, serverLog);
    }

    stage = 'browser launch';
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: process.env.E2E_HEADED !== '1',
      args: [
        ...(process.env.E2E_HEADED === '1' ? [] : ['--headless']),
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });

    if (!only || only === 'app') {
      stage = 'app suite';
      log('app suite (H5, 390×844)');
      const { runAppE2e } = require('./app.e2e');
      try {
        await runAppE2e({ baseUrl, browser, artifactsDir, serverLog, report });
      } catch (e) {
        report({ name: 'app suite', ok: false, error: (e && e.stack) || String(e), ms: 0 });
      }
    }

    if (!only || only === 'packs') {
      stage = 'packs suite';
      log('packs suite (H5, 390×844)');
      const { runPacksE2e } = require('./packs.e2e');
      const { ADMIN_PASSWORD } = require('./admin.e2e');
      try {
        await runPacksE2e({ baseUrl, browser, artifactsDir, adminPhone: ADMIN_PHONE, adminPassword: ADMIN_PASSWORD, report });
      } catch (e) {
        report({ name: 'packs suite', ok: false, error: (e && e.stack) || String(e), ms: 0 });
      }
    }

    if (!only || only === 'payments') {
      stage = 'payments suite';
      log('payments suite (H5 + payment simulator)');
      try {
        await require('./payments.e2e').runPaymentsE2e({ baseUrl, browser, artifactsDir, report, adminPhone: ADMIN_PHONE });
      } catch (e) {
        report({ name: 'payments suite', ok: false, error: (e && e.stack) || String(e), ms: 0 });
      }
    }

    const adminFile = path.join(__dirname, 'admin.e2e.js');
    if ((!only || only === 'admin') && fs.existsSync(adminFile)) {
      stage = 'admin suite';
      let mod = null;
      try {
        mod = require(adminFile);
      } catch (e) {
        report({ name: 'admin suite loads', ok: false, error: (e && e.stack) || String(e), ms: 0 });
      }
      if (mod && typeof mod.runAdminE2e === 'function') {
        log('admin suite');
        const t = Date.now();
        try {
          // the admin suite prints its own line per case; its cases are recorded here
          const res = await mod.runAdminE2e({ baseUrl, browser, artifactsDir, adminPhone: ADMIN_PHONE, dbPath, serverLog });
          const list = (res && res.cases) || [];
          if (!list.length) report({ name: 'admin suite', ok: false, error: 'runAdminE2e returned no cases', ms: Date.now() - t });
          for (const c of list) cases.push({ ms: 0, ...c, ok: c.ok === true, name: `admin: ${c.name}` });
          log(`admin suite: ${list.filter(c => c.ok).length} passed, ${list.filter(c => !c.ok).length} failed (${((Date.now() - t) / 1000).toFixed(1)} s)`);
        } catch (e) {
          report({ name: 'admin suite', ok: false, error: (e && e.stack) || String(e), ms: Date.now() - t });
        }
      } else if (mod) {
        log('e2e/admin.e2e.js does not export runAdminE2e yet: skipped');
      }
    }

    stage = 'teardown';
    await browser.close().catch(() => {});
    browser = null;
    await stopServer();
  }

  if (weapp) {
    stage = 'weapp build';
    log('waiting for the weapp build');
    report(await weapp);
  }

  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  writeSummary();
  const passed = cases.filter(c => c.ok).length;
  const failed = cases.length - passed;
  log(`${passed} passed, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(0)} s — summary: ${path.relative(root, summaryFile)}`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
})().catch(e => {
  console.error(e);
  cases.push({ name: `e2e ${stage}`, ok: false, error: (e && e.stack) || String(e), ms: 0 });
  process.exit(1);
});
