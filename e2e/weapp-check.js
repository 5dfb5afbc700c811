#!/usr/bin/env node
// The WeChat build check: `npm run build:weapp -w miniprogram` succeeds, and miniprogram/dist/weapp/app.json
// (written by that build) lists every page of miniprogram/src/app.config.ts, each with its compiled files,
// plus the tab bar icons. Used by e2e/run.js as one case; runnable alone: `node e2e/weapp-check.js`.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

/** The `pages: [...]` strings of app.config.ts (read as text: it is TypeScript calling a Taro global). */
function configuredPages(appConfigTs) {
  const src = fs.readFileSync(appConfigTs, 'utf8');
  const m = /\bpages\s*:\s*\[([\s\S]*?)\]/.exec(src);
  if (!m) throw new Error(`no pages: [...] in ${appConfigTs}`);
  const pages = [...m[1].matchAll(/['"`]([^'"`]+)['"`]/g)].map(x => x[1]);
  if (!pages.length) throw new Error(`pages: [] is empty in ${appConfigTs}`);
  return pages;
}

function checkOutput(root, startedAt) {
  const mp = path.join(root, 'miniprogram');
  const out = path.join(mp, 'dist', 'weapp');
  const appJson = path.join(out, 'app.json');
  if (!fs.existsSync(appJson)) throw new Error(`${path.relative(root, appJson)} was not written`);
  if (startedAt && fs.statSync(appJson).mtimeMs < startedAt - 1000) throw new Error(`${path.relative(root, appJson)} is older than this build`);
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8'));
  const want = configuredPages(path.join(mp, 'src', 'app.config.ts'));
  const problems = [];
  const listed = Array.isArray(app.pages) ? app.pages : [];
  for (const page of want) {
    if (!listed.includes(page)) problems.push(`app.json does not list ${page}`);
    for (const ext of ['js', 'json', 'wxml']) {
      if (!fs.existsSync(path.join(out, `${page}.${ext}`))) problems.push(`missing ${page}.${ext}`);
    }
  }
  for (const tab of (app.tabBar && app.tabBar.list) || []) {
    if (!listed.includes(tab.pagePath)) problems.push(`tab ${tab.pagePath} is not a page`);
    for (const icon of [tab.iconPath, tab.selectedIconPath].filter(Boolean)) {
      if (!fs.existsSync(path.join(out, icon))) problems.push(`missing tab icon ${icon}`);
    }
  }
  if (problems.length) throw new Error(`weapp output: ${problems.join('; ')}`);
  return want;
}

/** Resolves with the page list when the build and the output are right; rejects with a readable reason. */
function checkWeappBuild({ root, logFile }) {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const log = logFile ? fs.createWriteStream(logFile) : null;
    let tail = '';
    const child = spawn('npm', ['run', 'build:weapp', '-w', 'miniprogram'], {
      cwd: root,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = chunk => {
      if (log) log.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', code => {
      if (log) log.end();
      // eslint-disable-next-line no-control-regex
      const clean = tail.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
      if (code !== 0) return reject(new Error(`npm run build:weapp -w miniprogram exited ${code}:\n${clean.slice(-1500)}`));
      if (/Failed to compile|ERROR in /i.test(clean)) return reject(new Error(`the weapp build reported errors:\n${clean.slice(-1500)}`));
      try {
        resolve(checkOutput(root, startedAt));
      } catch (e) {
        reject(e);
      }
    });
  });
}

module.exports = { checkWeappBuild, checkOutput, configuredPages };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  checkWeappBuild({ root }).then(
    pages => console.log(`weapp build ok: ${pages.length} pages listed in dist/weapp/app.json`),
    e => {
      console.error(`weapp build check failed: ${e.message}`);
      process.exit(1);
    },
  );
}
