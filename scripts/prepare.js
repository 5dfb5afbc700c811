// Shared by `npm start` and `npm test`: install what is missing, build what is stale.
// Each step prints one line when it starts and one when it ends, with its real time; the tools' own output
// (npm's warnings, Taro's progress bars) goes to a log file per step, cleaned of terminal escape codes, and
// only its tail is shown when a step fails.
'use strict';
const { execSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
/** build logs live with the backend's own logs (DATA_DIR/logs, default backend/data/logs) */
const logDir = path.join(path.resolve(process.env.DATA_DIR || path.join(root, 'backend', 'data')), 'logs');
const color = process.stdout.isTTY && !process.env.NO_COLOR;

function log(msg) {
  console.log(color ? `\x1b[36m[setup]\x1b[0m ${msg}` : `[setup] ${msg}`);
}

/** Steps run so far in this process: { title, seconds }. */
const steps = [];
const seconds = ms => `${(ms / 1000).toFixed(1)} s`;
/** a path as the reader types it: relative below the current folder, absolute elsewhere */
const shortPath = p => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p) || p);

// one terminal token: a CSI sequence (colours, cursor moves, erases; its count and command captured), an OSC
// sequence (titles, links), another escape, a carriage return, a newline, or plain text
// eslint-disable-next-line no-control-regex -- terminal escape codes are control characters
const TOKEN = /\x1b\[([0-9;?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\r|\n|[^\x1b\r\n]+/g;

/**
 * A tool's raw terminal output as the lines a terminal would end up showing: progress bars that redraw in place
 * (`\r`, or cursor-up and erase-line as webpackbar does under Taro) keep only their last drawing, escape codes are
 * dropped, runs of blank lines become one.
 */
function plainText(raw) {
  const lines = [''];
  let row = 0;
  let fresh = false; // after \r or a move to column 1, the next text replaces the line
  for (const m of raw.matchAll(TOKEN)) {
    const t = m[0];
    const cmd = m[2];
    if (t === '\n') {
      row += 1;
      if (row === lines.length) lines.push('');
      fresh = false;
    } else if (t === '\r' || cmd === 'G') fresh = true;
    else if (cmd === 'A') row = Math.max(0, row - (parseInt(m[1], 10) || 1));
    else if (cmd === 'K') lines[row] = '';
    else if (cmd === 'J') {
      lines.splice(row + 1);
      lines[row] = '';
    } else if (t[0] !== '\x1b') {
      lines[row] = fresh ? t : lines[row] + t;
      fresh = false;
    }
  }
  return lines
    .map(l => l.trimEnd())
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n');
}

/**
 * Runs one setup step: `title` on the console, the command's output into `<logDir>/build-<name>.log`, then the
 * elapsed time. On failure: the log's last lines and its path, and the process exits with the command's status.
 */
function step(name, title, cmd, opts = {}) {
  fs.mkdirSync(logDir, { recursive: true });
  const file = path.join(logDir, `build-${name}.log`);
  log(`${title} … (log: ${shortPath(file)})`);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `$ ${cmd}\n`);
  const started = Date.now();
  // tools that draw progress bars keep them simpler when told there is no terminal and no colour
  const env = { ...process.env, ...opts.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  const r = spawnSync(cmd, { shell: true, cwd: root, stdio: ['ignore', fd, fd], ...opts, env });
  fs.closeSync(fd);
  const ms = Date.now() - started;
  fs.writeFileSync(file, plainText(fs.readFileSync(file, 'utf8')).trimEnd() + '\n');
  if (r.status !== 0) {
    const tail = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-30);
    console.error(tail.map(l => `  | ${l}`).join('\n'));
    console.error(`[setup] failed after ${seconds(ms)} (exit ${r.status ?? r.signal}): ${cmd}\n[setup] full log: ${file}`);
    process.exit(r.status || 1);
  }
  steps.push({ title, seconds: ms / 1000 });
  log(`${title}: done in ${seconds(ms)}`);
  return ms;
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
    const cmd = fs.existsSync(lock) && process.env.CI ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund';
    step('install', 'installing dependencies (npm, a few minutes the first time)', cmd);
  }
}

function ensureBackendBuilt() {
  const src = Math.max(newest(path.join(root, 'backend', 'src')), newest(path.join(root, 'shared', 'src')));
  if (src > mtime(path.join(root, 'shared', 'dist', 'index.js'))) step('shared', 'building the shared API contract (shared/)', 'npm run build -w shared');
  if (src > mtime(path.join(root, 'backend', 'dist', 'configuration.js'))) step('backend', 'building the backend (tsc)', 'npm run build -w backend');
  // the admin console's constants from shared (backend/admin/build.js; also part of the backend build)
  if (mtime(path.join(root, 'shared', 'dist', 'index.js')) > mtime(path.join(root, 'backend', 'admin', 'js', 'shared.js'))) {
    step('admin', 'writing the shared constants of the admin console', 'node backend/admin/build.js');
  }
}

function ensureH5Built() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'miniprogram', 'package.json'), 'utf8'));
  if (!pkg.scripts || !pkg.scripts['build:h5']) return;
  const src = Math.max(newest(path.join(root, 'miniprogram', 'src')), newest(path.join(root, 'miniprogram', 'config')));
  if (src > mtime(path.join(root, 'miniprogram', 'dist', 'h5', 'index.html'))) {
    step('app', 'building the app for the browser (Taro H5, about a minute)', 'npm run build:h5 -w miniprogram');
  }
}

module.exports = { root, logDir, log, shortPath, step, steps, plainText, ensureInstalled, ensureBackendBuilt, ensureH5Built, execSync };
