#!/usr/bin/env node
/**
 * npm run admin:create -- <phone>
 *
 * Makes the account with this phone an operator (role 'admin') of the configured database (same
 * environment as the app: DB_TYPE, DB_PATH/DATA_DIR, DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME).
 * An existing account is promoted (its password stays); otherwise an account is created with a random
 * password, printed once. Running it is the operator vouching for the phone, so the account counts as
 * phone-verified (docs/security.md): check that the account is really the operator's before promoting one
 * made by seed 001's register, which proves nothing about the phone. Either way an audit record (action user.promote, actor "command line") is
 * written. Uses the compiled backend (dist/), building it first when it is missing or older than src/.
 * Exit codes: 0 done (or already an admin), 1 bad input, 2 could not run.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const backend = path.join(__dirname, '..');
const dist = path.join(backend, 'dist');
const PHONE = /^1[3-9]\d{9}$/;

// builds shared/ and backend/ when their sources are newer than dist (one place: scripts/prepare.js)
const { ensureBackendBuilt: ensureBuilt } = require('../../scripts/prepare');

async function main() {
  const phone = (process.argv[2] || '').trim();
  if (!PHONE.test(phone)) {
    console.error('usage: npm run admin:create -- <phone>   (an 11-digit mainland mobile number, e.g. 13800000000)');
    process.exit(1);
  }
  ensureBuilt();
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { databaseOptions } = require(path.join(dist, 'config', 'database.js'));
  const { hashPassword } = require(path.join(dist, 'util', 'password.js'));
  const { User } = require(path.join(dist, 'entity', 'user.entity.js'));
  const { AdminAudit } = require(path.join(dist, 'entity', 'admin-audit.entity.js'));

  const options = databaseOptions();
  // every entity, so a first run on an empty local database creates the same schema the app would
  const entities = fs
    .readdirSync(path.join(dist, 'entity'))
    .filter(f => f.endsWith('.entity.js'))
    .map(f => path.join(dist, 'entity', f));
  const ds = new DataSource({ ...options, entities, migrations: [], migrationsRun: false });
  const where = options.type === 'mysql' ? `mysql://${options.host}:${options.port}/${options.database}` : options.database;
  if (options.type !== 'mysql') fs.mkdirSync(path.dirname(options.database), { recursive: true });
  await ds.initialize();
  try {
    const outcome = await ds.transaction(async em => {
      const existing = await em.findOne(User, { where: { phone } });
      const audit = (userId, details) =>
        em.insert(AdminAudit, {
          actorId: null,
          action: 'user.promote',
          targetType: 'user',
          targetId: String(userId),
          reason: 'npm run admin:create',
          details: JSON.stringify(details),
          createdAt: new Date(),
        });
      if (existing) {
        if (existing.role === 'admin') return { user: existing, state: 'already' };
        await em.update(User, { id: existing.id }, { role: 'admin', phoneVerified: true });
        await audit(existing.id, { created: false, previousRole: existing.role, phoneWasVerified: existing.phoneVerified });
        return { user: existing, state: 'promoted' };
      }
      const password = crypto.randomBytes(12).toString('base64url');
      const user = em.create(User, { phone, passwordHash: await hashPassword(password), openid: null, role: 'admin', phoneVerified: true });
      await em.save(user);
      await audit(user.id, { created: true });
      return { user, state: 'created', password };
    });
    const { user, state, password } = outcome;
    if (state === 'already') console.log(`[admin:create] ${phone} (user ${user.id}) is already an admin (${where})`);
    if (state === 'promoted') console.log(`[admin:create] ${phone} (user ${user.id}) is now an admin; sign in at /admin with its password (${where})`);
    if (state === 'created') {
      console.log(`[admin:create] created admin account ${phone} (user ${user.id}) in ${where}`);
      console.log(`[admin:create] password: ${password}`);
      console.log('[admin:create] it is shown only now: sign in at /admin and change it (POST /api/v1/users/change-password)');
    }
    if (state === 'promoted' && !user.phoneVerified) {
      console.warn(
        "[admin:create] warning: this account was made by seed 001 register and its phone was never proven; make sure its password is the operator's",
      );
    }
    if (user.disabled) console.warn('[admin:create] warning: this account is disabled; another admin can enable it in the console');
  } finally {
    await ds.destroy();
  }
}

main().catch(e => {
  console.error('[admin:create] failed:', e && e.stack ? e.stack : e);
  process.exit(2);
});
