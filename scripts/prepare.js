// Shared by `npm start` and `npm test`: install what is missing, build what is stale.
'use strict';
const { execSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function log(msg) {
  console.log(`\x1b[36m[setup]\x1b[0m ${msg}`);
}

function run(cmd, opts = {}) {
  log(cmd);
  const r = spawnSync(cmd, { shell: true, stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`[setup] failed (${r.status}): ${cmd}`);
    process.exit(r.status || 1);
  }
}

/** newest mtime under dir (files matching filter), 0 when missing */
function newest(dir, filter = () => true) {
  let max = 0;
  if (!fs.existsSync(dir)) return 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (filter(p)) max = Math.max(max, fs.statSync(p).mtimeMs);
    }
  }
  return max;
}

const mtime = p => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

function ensureInstalled() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const manifests = ['package.json', 'shared/package.json', 'backend/package.json', 'miniprogram/package.json'].map(p => mtime(path.join(root, p)));
  if (!fs.existsSync(marker) || mtime(lock) > mtime(marker) || Math.max(...manifests) > mtime(marker)) {
    run(fs.existsSync(lock) && process.env.CI ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund');
  }
}

function ensureBackendBuilt() {
  const src = Math.max(newest(path.join(root, 'backend', 'src')), newest(path.join(root, 'shared', 'src')));
  if (src > mtime(path.join(root, 'shared', 'dist', 'index.js'))) run('npm run build -w shared');
  if (src > mtime(path.join(root, 'backend', 'dist', 'configuration.js'))) run('npm run build -w backend');
  // the admin console's constants from shared (backend/admin/build.js; also part of the backend build)
  if (mtime(path.join(root, 'shared', 'dist', 'index.js')) > mtime(path.join(root, 'backend', 'admin', 'js', 'shared.js'))) {
    run('node backend/admin/build.js');
  }
}

function ensureH5Built() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'miniprogram', 'package.json'), 'utf8'));
  if (!pkg.scripts || !pkg.scripts['build:h5']) return;
  const src = Math.max(newest(path.join(root, 'miniprogram', 'src')), newest(path.join(root, 'miniprogram', 'config')));
  if (src > mtime(path.join(root, 'miniprogram', 'dist', 'h5', 'index.html'))) run('npm run build:h5 -w miniprogram');
}

module.exports = { root, log, run, ensureInstalled, ensureBackendBuilt, ensureH5Built, execSync };
