#!/usr/bin/env node
/**
 * Ledger throughput on MariaDB/MySQL: freezes per second across 50 accounts and on one hot account,
 * the 200-concurrent-spends check, then the full audit. Uses the compiled backend (backend/dist; built
 * if missing) and its own database (DB_NAME, default bq_ledger_bench; created if missing).
 *
 *   node bench/ledger/run.js                      # defaults: 5000 freezes, 50 callers
 *   BENCH_FREEZES=20000 BENCH_CONCURRENCY=100 DB_POOL_SIZE=40 node bench/ledger/run.js
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

process.env.DB_TYPE = 'mysql';
process.env.DB_NAME = process.env.DB_NAME || 'bq_ledger_bench';
const FREEZES = Number(process.env.BENCH_FREEZES || 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 50);
const ACCOUNTS = 50;

const root = path.join(__dirname, '..', '..');
const backend = path.join(root, 'backend');
const dist = path.join(backend, 'dist');
// the compiled backend needs @app/shared compiled too (as in scripts/prepare.js)
if (!fs.existsSync(require.resolve('@app/shared/package.json', { paths: [backend] }).replace(/package\.json$/, 'dist/index.js'))) {
  console.error('[bench] building shared/dist…');
  spawnSync('npm', ['run', 'build', '-w', 'shared'], { cwd: root, stdio: 'inherit' });
}
if (!fs.existsSync(path.join(dist, 'service', 'credit.service.js'))) {
  console.error('[bench] building backend/dist…');
  spawnSync('npm', ['run', 'build'], { cwd: backend, stdio: 'inherit' });
}
const req = m => require(require.resolve(m, { paths: [backend] }));
req('reflect-metadata');
const { DataSource } = req('typeorm');
const mysql = req('mysql2/promise');
const { databaseOptions } = require(path.join(dist, 'config', 'database.js'));
const { CreditService } = require(path.join(dist, 'service', 'credit.service.js'));
const { LedgerAuditService } = require(path.join(dist, 'service', 'ledger-audit.service.js'));
const entity = name => Object.values(require(path.join(dist, 'entity', `${name}.entity.js`)))[0];

/** run `total` jobs with `concurrency` callers in flight at once */
async function pool(total, concurrency, job) {
  let next = 0;
  let ok = 0;
  let rejected = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      try {
        await job(i);
        ok++;
      } catch (e) {
        if (e && e.errorCode === 'INSUFFICIENT_CREDITS') rejected++;
        else throw e;
      }
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { ok, rejected, seconds, perSecond: Math.round(total / seconds) };
}

async function main() {
  const options = databaseOptions();
  const admin = await mysql.createConnection({ host: options.host, port: options.port, user: options.username, password: options.password });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${options.database}\` CHARACTER SET utf8mb4`);
  const [[{ v }]] = await admin.query('SELECT VERSION() AS v');
  await admin.end();

  const User = entity('user');
  const ds = new DataSource({
    ...options,
    synchronize: true,
    migrations: [],
    entities: [User, ...['credit-entry', 'credit-hold', 'credit-lot', 'credit-lot-move'].map(entity)],
  });
  await ds.initialize();
  const auditor = Object.assign(new LedgerAuditService(), { db: ds });
  const credits = Object.assign(new CreditService(), {
    db: ds,
    signupBonusAmount: 0,
    cfg: { expiryDays: { purchase: 90, bonus: 30, grant: 0 }, expiryJobIntervalSeconds: 0 },
    auditor,
  });
  const run = `${Date.now().toString(36)}`;
  const newUser = async (n, grant) => {
    const r = await ds
      .getRepository(User)
      .insert({ phone: `19${String(Date.now() % 1e6).padStart(6, '0')}${String(n).padStart(3, '0')}`.slice(0, 11), role: 'user' });
    const id = r.identifiers[0].id;
    if (grant) await credits.grant(id, grant, 1, 'bench', { idempotencyKey: `bench-${run}-${id}` });
    return id;
  };

  console.log(`ledger bench on ${v} (db ${options.database}, pool ${options.poolSize}), ${FREEZES} freezes, ${CONCURRENCY} concurrent callers`);
  const accounts = [];
  for (let i = 0; i < ACCOUNTS; i++) accounts.push(await newUser(i, 1_000_000));
  const spread = await pool(FREEZES, CONCURRENCY, i => credits.freeze(accounts[i % ACCOUNTS], 10, `bench-${run}-s${i}`, 'bench'));
  console.log(`  ${ACCOUNTS} accounts : ${spread.perSecond} freezes/s  (${spread.ok} in ${spread.seconds.toFixed(2)} s)`);

  const settle = await pool(FREEZES, CONCURRENCY, i => (i % 2 ? credits.settle(`bench-${run}-s${i}`) : credits.release(`bench-${run}-s${i}`)));
  console.log(`  ${ACCOUNTS} accounts : ${settle.perSecond} settles+releases/s`);

  const hot = await newUser(900, 1_000_000);
  const one = await pool(FREEZES, CONCURRENCY, i => credits.freeze(hot, 10, `bench-${run}-h${i}`, 'bench'));
  console.log(`  1 hot account: ${one.perSecond} freezes/s  (${one.ok} in ${one.seconds.toFixed(2)} s)`);

  const poor = await newUser(901, 100);
  const race = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => credits.freeze(poor, 10, `bench-${run}-p${i}`, 'bench')));
  const won = race.filter(r => r.status === 'fulfilled').length;
  const u = await ds.getRepository(User).findOneBy({ id: poor });
  console.log(`  200 concurrent freezes of 10 on 100 credits: ${won} succeeded, ${200 - won} got 402; available ${u.credits}, frozen ${u.frozenCredits}`);

  const t0 = Date.now();
  const r = await auditor.audit();
  console.log(`  audit: ${r.ok ? 'OK' : 'FAILED'} — ${r.accounts} accounts, ${r.entries} entries, ${r.holds} holds, ${r.lots} lots in ${Date.now() - t0} ms`);
  if (!r.ok) console.log(JSON.stringify({ mismatches: r.mismatches.slice(0, 5), badHolds: r.badHolds.slice(0, 5), badLots: r.badLots.slice(0, 5) }, null, 2));
  await ds.destroy();
  process.exitCode = r.ok && won === 10 ? 0 : 1;
}

main().catch(e => {
  console.error(e);
  process.exit(2);
});
