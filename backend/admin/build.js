#!/usr/bin/env node
// The admin console's one build step: writes js/shared.js, an ES module with every constant table of @app/shared
// (labels, status lists, caption presets …), so the console imports them instead of keeping copies. Run by
// `npm run build -w backend` and, when shared/ changed, by `npm start` / `npm test` (scripts/prepare.js).
// Needs shared built first (`npm run build -w shared`: shared/dist).
'use strict';
const fs = require('fs');
const path = require('path');

const dist = path.resolve(__dirname, '..', '..', 'shared', 'dist', 'index.js');
const out = path.join(__dirname, 'js', 'shared.js');

if (!fs.existsSync(dist)) {
  console.error(`[admin] ${dist} is missing: run \`npm run build -w shared\` first`);
  process.exit(1);
}
const shared = require(dist);

const literal = v => (v instanceof RegExp ? String(v) : JSON.stringify(v, null, 2));
const lines = Object.entries(shared)
  .filter(([, v]) => typeof v !== 'function') // the console needs the tables, not the parsers
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, v]) => `export const ${name} = ${literal(v)};`);
fs.writeFileSync(out, `// Generated from @app/shared by backend/admin/build.js: do not edit (change shared/src instead).\n${lines.join('\n')}\n`);
console.log(`[admin] wrote ${path.relative(process.cwd(), out)} (${lines.length} constants)`);
