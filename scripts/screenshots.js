#!/usr/bin/env node
// README's row of screenshots: small copies of pages the end-to-end run captured (test-artifacts/, made by
// `npm test` or `node e2e/run.js`), cut to the first screen and scaled to 240 px wide, into docs/screenshots/.
//   node scripts/screenshots.js [artifacts dir]
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const artifacts = path.resolve(process.argv[2] || path.join(root, 'test-artifacts'));
const out = path.join(root, 'docs', 'screenshots');

// [e2e screenshot, name in docs/screenshots]
const PICKS = [
  ['app/06-home-signed-in.png', 'home.png'],
  ['app/09-text-result.png', 'result.png'],
  ['packs/03-pack-done.png', 'pack.png'],
  ['payments/02-recharge-native-qr.png', 'recharge.png'],
  ['app/10-me-after-text.png', 'me.png'],
  ['admin/02-dashboard.png', 'admin-dashboard.png'],
];

function ffmpeg() {
  if (spawnSync('ffmpeg', ['-version']).status === 0) return 'ffmpeg';
  return require(require.resolve('@ffmpeg-installer/ffmpeg', { paths: [path.join(root, 'backend')] })).path;
}

const bin = ffmpeg();
fs.mkdirSync(out, { recursive: true });
for (const [from, to] of PICKS) {
  const src = path.join(artifacts, from);
  if (!fs.existsSync(src)) {
    console.error(`[screenshots] missing ${src}: run the end-to-end tests first`);
    process.exitCode = 1;
    continue;
  }
  // the phone pages are 390 px wide at 2x: keep the first screen (844 px tall), then shrink; the admin page keeps its shape
  const filter = from.startsWith('admin/') ? 'scale=480:-2' : 'crop=iw:min(ih\\,iw*844/390):0:0,scale=240:-2';
  const r = spawnSync(bin, ['-y', '-loglevel', 'error', '-i', src, '-vf', filter, '-frames:v', '1', path.join(out, to)], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
  else console.log(`[screenshots] ${to} (${Math.round(fs.statSync(path.join(out, to)).size / 1024)} KB)`);
}
