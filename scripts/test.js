#!/usr/bin/env node
// `npm test`: every test. Backend suite on SQLite, then again on MariaDB/MySQL (a fresh database per run),
// then the mini-program's unit tests and its end-to-end browser tests when present.
// Then the backend as real processes (backend/test-cluster: roles and graceful shutdown, and the cluster test: three
// instances on one MariaDB database and Redis — required under CI=true).
// Options (environment): TEST_DB=sqlite|mysql|both (default both; under CI=true MySQL is required),
// TEST_ONLY=lint|backend|processes|miniprogram|e2e to run one part (backend includes processes).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, log, ensureInstalled, ensureBackendBuilt } = require('./prepare');

ensureInstalled();

const results = [];
const only = process.env.TEST_ONLY || '';
const wantDb = process.env.TEST_DB || 'both';

function jest(label, cwd, env, args = []) {
  const out = path.join(os.tmpdir(), `jest-${process.pid}-${results.length}.json`);
  log(`${label}: jest`);
  const r = spawnSync('npx', ['jest', '--runInBand', '--forceExit', '--json', `--outputFile=${out}`, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  let passed = 0;
  let failed = 0;
  try {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed = j.numPassedTests;
    failed = j.numFailedTests + (j.numRuntimeErrorTestSuites || 0);
    fs.unlinkSync(out);
  } catch {
    failed = 1; // jest did not even write its report
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  results.push({ label, passed, failed });
}

async function mysqlDatabase() {
  let mysql;
  try {
    mysql = require(require.resolve('mysql2/promise', { paths: [path.join(root, 'backend')] }));
  } catch {
    return null;
  }
  const cfg = mysqlServer();
  try {
    const conn = await mysql.createConnection(cfg);
    const name = `bq_test_${Date.now()}_${process.pid}`;
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    return {
      name,
      // the run's database and the per-test-file ones made from its name (backend/test/support/app.ts)
      drop: async () => {
        const c = await mysql.createConnection(cfg);
        const [rows] = await c.query('SHOW DATABASES LIKE ?', [`${name}\\_f%`]);
        for (const row of rows) await c.query(`DROP DATABASE IF EXISTS \`${Object.values(row)[0]}\``);
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  } catch (e) {
    console.warn(`[test] MySQL/MariaDB not reachable at ${cfg.host}:${cfg.port}: ${e.message}`);
    return null;
  }
}

function mysqlServer() {
  return {
    host: process.env.DB_HOST || '127.0.0.1',
    port: Number(process.env.DB_PORT || 3306),
    user: process.env.DB_USER || 'root',
    password: process.env.DB_PASSWORD || '',
  };
}

/** The backend as child processes (dist/, built here when stale); the cluster test makes and drops its own databases. */
async function processTests() {
  ensureBackendBuilt();
  const db = wantDb === 'sqlite' ? null : await mysqlDatabase(); // only to learn that the server answers
  if (db) await db.drop();
  else if (process.env.CI) results.push({ label: 'backend processes: the cluster test needs MariaDB', passed: 0, failed: 1 });
  jest('backend processes (roles, shutdown, cluster)', path.join(root, 'backend'), db ? { DB_TYPE: 'mysql' } : { DB_TYPE: 'sqlite' }, [
    '-c',
    'jest.cluster.config.js',
  ]);
}

/** A check that passes or fails as a whole (type check, lint): counted as one test. */
function check(label, command, args) {
  log(`${label}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  results.push({ label, passed: r.status === 0 ? 1 : 0, failed: r.status === 0 ? 0 : 1 });
}

(async () => {
  const backend = path.join(root, 'backend');
  if (!only || only === 'lint') check('lint', 'npm', ['run', '--silent', 'lint']);
  if (!only || only === 'backend') {
    check('backend type check (src and tests)', 'npx', ['tsc', '--noEmit', '-p', 'backend/tsconfig.json']);
    if (wantDb !== 'mysql') jest('backend (SQLite)', backend, { DB_TYPE: 'sqlite' });
    if (wantDb !== 'sqlite') {
      const db = await mysqlDatabase();
      if (db) {
        try {
          jest(`backend (MariaDB, database ${db.name})`, backend, { DB_TYPE: 'mysql', DB_NAME: db.name });
        } finally {
          await db.drop();
        }
      } else if (process.env.CI || wantDb === 'mysql') {
        results.push({ label: 'backend (MariaDB): database not reachable', passed: 0, failed: 1 });
      }
    }
  }
  if (!only || only === 'backend' || only === 'processes') await processTests();
  const mp = JSON.parse(fs.readFileSync(path.join(root, 'miniprogram', 'package.json'), 'utf8'));
  if ((!only || only === 'miniprogram') && mp.scripts && mp.scripts.test) {
    jest('mini-program unit tests', path.join(root, 'miniprogram'), {});
  }
  const e2e = path.join(root, 'e2e', 'run.js');
  if ((!only || only === 'e2e') && fs.existsSync(e2e)) {
    log('end-to-end (Chromium)');
    const r = spawnSync(process.execPath, [e2e], { cwd: root, stdio: 'inherit', env: process.env });
    const summary = path.join(root, 'test-artifacts', 'e2e-summary.json');
    let s = { passed: 0, failed: 1 };
    try {
      s = JSON.parse(fs.readFileSync(summary, 'utf8'));
    } catch {
      /* e2e crashed before writing its summary: counted as one failure */
    }
    if (r.status !== 0 && s.failed === 0) s.failed = 1;
    results.push({ label: 'end-to-end (Chromium)', ...s });
  }

  console.log('\nSummary');
  for (const r of results) console.log(`  ${r.failed ? '✗' : '✓'} ${r.label}: ${r.passed} passed, ${r.failed} failed`);
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
})();
