// pm2 process file for one server of 表情工坊 (docs/deploy.md): API instances and pipeline workers.
//
//   npm ci && npm run build && npm run migrate      # once per release, from the repository root
//   pm2 start deploy/ecosystem.config.js             # first start; `pm2 reload deploy/ecosystem.config.js` after a release
//
// The environment comes from BQ_ENV_FILE (default /etc/biaoqing.env: KEY=value lines, as in .env.example), read here
// on every start and reload, so a changed file reaches the processes with `pm2 reload` (pm2 does not pass a changed
// shell environment on reload). Counts and ports: API_INSTANCES (default 2) API processes share API_PORT (default
// 7001, pm2 cluster mode) behind the load balancer; WORKER_INSTANCES (default 1) workers answer /healthz and /metrics
// on WORKER_PORT, WORKER_PORT+1, … (default 7002).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** KEY=value lines; blank lines, `#` comments and ` # ` comments after a value are skipped; quotes are removed. */
function readEnvFile(file) {
  if (!fs.existsSync(file)) throw new Error(`[ecosystem] ${file} not found: set BQ_ENV_FILE to the production environment file`);
  const env = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2].trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/(^|\s+)#.*$/, '');
    env[m[1]] = value;
  }
  return env;
}

const fileEnv = readEnvFile(process.env.BQ_ENV_FILE || '/etc/biaoqing.env');
const int = (name, fallback) => Number(fileEnv[name] || process.env[name] || fallback);
const graceSeconds = int('SHUTDOWN_GRACE_SECONDS', 30);
const workers = int('WORKER_INSTANCES', 1);
const workerPort = int('WORKER_PORT', 7002);

/** Settings both roles share: the compiled backend, production mode, and time to finish in-flight work on stop. */
const common = {
  script: path.join(root, 'backend', 'bootstrap.js'),
  cwd: path.join(root, 'backend'),
  // pm2 stops with SIGINT, then SIGKILL after kill_timeout: Midway's bootstrap treats SIGINT like SIGTERM (onStop)
  kill_timeout: (graceSeconds + 5) * 1000,
  max_memory_restart: process.env.MAX_MEMORY || '1G',
  // pm2 numbers the instances of an app in NODE_APP_INSTANCE: logs go to DATA_DIR/logs/api-0, api-1, worker-0, …
  merge_logs: true,
  time: true,
};

module.exports = {
  apps: [
    {
      ...common,
      name: 'bq-api',
      exec_mode: 'cluster',
      instances: int('API_INSTANCES', 2),
      env: { ...fileEnv, NODE_ENV: 'production', ROLE: 'api', INSTANCE_ID: 'api', PORT: String(int('API_PORT', 7001)) },
    },
    // one pm2 app per worker, so each listens on its own port for /healthz and /metrics
    ...Array.from({ length: workers }, (_, i) => ({
      ...common,
      name: `bq-worker-${i}`,
      exec_mode: 'fork',
      instances: 1,
      // one instance per app: keep pm2's instance number (always 0) out of NODE_APP_INSTANCE, the log folder is worker-<i>
      instance_var: 'PM2_INSTANCE_NUMBER',
      env: { ...fileEnv, NODE_ENV: 'production', ROLE: 'worker', INSTANCE_ID: `worker-${i}`, PORT: String(workerPort + i) },
    })),
  ],
};
