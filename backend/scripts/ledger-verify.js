#!/usr/bin/env node
/**
 * npm run ledger:verify — audit the credit ledger of the configured database (same environment as the
 * app: DB_TYPE, DB_PATH, DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME). Recomputes every account from
 * its entries (LedgerAuditService.audit, the same method the admin console calls), prints any mismatch
 * and exits 1 if there is one (2 if the audit could not run). Read-only. Uses the compiled backend
 * (dist/), building it first if it is missing.
 */
const fs = require('fs');
const path = require('path');

const backend = path.join(__dirname, '..');
const dist = path.join(backend, 'dist');
// builds shared/ and backend/ when their sources are newer than dist (one place: scripts/prepare.js)
const { ensureBackendBuilt: ensureBuilt } = require('../../scripts/prepare');

async function main() {
  ensureBuilt();
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { databaseOptions } = require(path.join(dist, 'config', 'database.js'));
  const { LedgerAuditService } = require(path.join(dist, 'service', 'credits', 'ledger-audit.service.js'));
  const entity = name => Object.values(require(path.join(dist, 'entity', `${name}.entity.js`)))[0];

  const options = databaseOptions();
  if (options.type !== 'mysql' && options.database !== ':memory:' && !fs.existsSync(options.database)) {
    console.error(`[ledger:verify] no SQLite database at ${options.database} (set DB_PATH, or DB_TYPE=mysql and DB_*)`);
    process.exit(2);
  }
  const ds = new DataSource({
    ...options,
    synchronize: false,
    migrationsRun: false,
    migrations: [],
    entities: ['user', 'credit-entry', 'credit-hold', 'credit-lot', 'credit-lot-move'].map(entity),
  });
  const where = options.type === 'mysql' ? `mysql://${options.host}:${options.port}/${options.database}` : options.database;
  await ds.initialize();
  try {
    const auditor = Object.assign(new LedgerAuditService(), { db: ds });
    const r = await auditor.audit();
    console.log(`[ledger:verify] ${where}: ${r.accounts} accounts, ${r.entries} entries, ${r.holds} holds, ${r.lots} lots`);
    for (const m of r.mismatches) {
      console.log(`  MISMATCH user ${m.userId} ${m.field}: cached ${m.cached}, computed ${m.computed}${m.detail ? ` — ${m.detail}` : ''}`);
    }
    for (const h of r.badHolds) console.log(`  BAD HOLD ${h.holdId} (${h.taskRef}, ${h.state}): ${h.problem}`);
    for (const l of r.badLots) console.log(`  BAD LOT ${l.lotId} (user ${l.userId}): ${l.problem}`);
    console.log(r.ok ? '[ledger:verify] OK: every balance equals its entries' : '[ledger:verify] FAILED');
    process.exitCode = r.ok ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}

main().catch(e => {
  console.error('[ledger:verify] could not run the audit:', e);
  process.exit(2);
});
