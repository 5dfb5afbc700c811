#!/usr/bin/env node
/**
 * npm run migrate — brings the configured database's schema up to date with the migrations in
 * src/migration (production: DB_TYPE=mysql). Same environment as the app (DB_TYPE, DB_HOST, …).
 * `npm run migrate -- --generate <Name>` writes a new migration from the difference between the
 * entities and the database (run it against an up-to-date MySQL/MariaDB).
 */
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');
// builds shared/ and backend/ when their sources are newer than dist (one place: scripts/prepare.js)
const { ensureBackendBuilt } = require('../../scripts/prepare');

const backend = path.join(__dirname, '..');

async function main() {
  ensureBackendBuilt();
  const args = process.argv.slice(2);
  if (args[0] === '--generate') {
    const name = args[1] || 'Schema';
    const r = spawnSync('npx', ['typeorm', 'migration:generate', '-d', 'dist/data-source.js', '--pretty', `src/migration/${name}`], {
      cwd: backend,
      stdio: 'inherit',
    });
    process.exit(r.status ?? 1);
  }
  const ds = require(path.join(backend, 'dist', 'data-source.js')).default;
  if (ds.options.type !== 'mysql') {
    console.log('[migrate] SQLite (the embedded default) gets its schema from the entities at start; migrations are for DB_TYPE=mysql');
    return;
  }
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    console.log(applied.length ? `[migrate] applied: ${applied.map(m => m.name).join(', ')}` : '[migrate] schema is up to date');
  } finally {
    await ds.destroy();
  }
}

main().catch(e => {
  console.error('[migrate] failed:', e.message);
  process.exit(1);
});
