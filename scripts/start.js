#!/usr/bin/env node
// `npm start`: install what is missing, build what is stale, start the backend on embedded defaults
// (SQLite, local disk storage, provider simulator) serving the H5 app at / and the admin console at /admin.
// One line per step with its real time; the tools' full output is in DATA_DIR/logs/build-*.log (scripts/prepare.js).
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const { root, log, logDir, shortPath, steps, ensureInstalled, ensureBackendBuilt, ensureH5Built } = require('./prepare');

const begun = Date.now();
log('npm start: install dependencies, build the backend and the app, then start the server (the admin console needs no build)');
ensureInstalled();
ensureBackendBuilt();
ensureH5Built();
const setupSeconds = (Date.now() - begun) / 1000;
if (steps.length === 0) log('everything is installed and built');
else
  log(
    `setup took ${setupSeconds.toFixed(1)} s (${steps.map(s => `${s.title.split(' (')[0]} ${s.seconds.toFixed(1)} s`).join(', ')}); full logs in ${shortPath(logDir)}`,
  );

const port = process.env.PORT || '7001';
const env = { ...process.env, PORT: port };
if (env.NODE_ENV !== 'production') env.MIDWAY_SERVER_ENV = env.MIDWAY_SERVER_ENV || 'local';

log(`starting the server on port ${port}`);
const child = spawn(process.execPath, [path.join(root, 'backend', 'bootstrap.js')], { cwd: path.join(root, 'backend'), env, stdio: 'inherit' });
const url = (env.PUBLIC_BASE_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, '');
const started = Date.now();
const probe = setInterval(async () => {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (res.ok) {
      clearInterval(probe);
      log(`server ready in ${((Date.now() - started) / 1000).toFixed(1)} s; ${((Date.now() - begun) / 1000).toFixed(1)} s since npm start`);
      console.log(`\n  表情工坊 is running:\n    app    ${url}/\n    admin  ${url}/admin\n    health ${url}/healthz\n`);
    }
  } catch {
    /* not listening yet */
  }
  if (Date.now() - started > 120000) clearInterval(probe);
}, 500);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', code => process.exit(code ?? 0));
