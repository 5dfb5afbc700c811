import * as path from 'path';

/**
 * Log destinations (src/config/logging.ts): instances sharing a DATA_DIR write to folders of their own; LOG_FORMAT=json
 * is one JSON object per line on stdout with no files. The module reads the environment when loaded, so each case
 * loads it afresh with its own variables.
 */
function load(env: Record<string, string | undefined>): typeof import('../src/config/logging') {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    let mod!: typeof import('../src/config/logging');
    jest.isolateModules(() => {
      mod = require('../src/config/logging');
    });
    return mod;
  } finally {
    process.env = saved;
  }
}

const dataDir = path.join(path.sep, 'srv', 'bq-data');

describe('log destinations', () => {
  it('keeps DATA_DIR/logs locally without INSTANCE_ID (npm start as before)', () => {
    const m = load({ DATA_DIR: dataDir, NODE_ENV: 'development', INSTANCE_ID: undefined, LOG_FORMAT: undefined, NODE_APP_INSTANCE: undefined });
    expect(m.logFormat).toBe('file');
    expect(m.loggerConfig('info')).toEqual({
      default: { level: 'info', dir: path.join(dataDir, 'logs'), transports: { file: { bufferWrite: true } } },
    });
  });

  it('gives each instance its own folder: INSTANCE_ID, or <hostname>-<pid> in production', () => {
    const a = load({ DATA_DIR: dataDir, INSTANCE_ID: 'api-0', NODE_APP_INSTANCE: undefined });
    const b = load({ DATA_DIR: dataDir, INSTANCE_ID: 'worker-0', NODE_APP_INSTANCE: undefined });
    expect(a.loggerConfig('info').default).toMatchObject({ dir: path.join(dataDir, 'logs', 'api-0') });
    expect(b.loggerConfig('info').default).toMatchObject({ dir: path.join(dataDir, 'logs', 'worker-0') });
    // pm2 runs N instances of one app with the same environment and numbers them in NODE_APP_INSTANCE
    expect(load({ DATA_DIR: dataDir, INSTANCE_ID: 'api', NODE_APP_INSTANCE: '1' }).instanceId).toBe('api-1');
    expect(load({ DATA_DIR: dataDir, INSTANCE_ID: undefined, NODE_APP_INSTANCE: '1', NODE_ENV: 'development' }).instanceId).toBe('');
    const prod = load({ DATA_DIR: dataDir, NODE_ENV: 'production', INSTANCE_ID: undefined, NODE_APP_INSTANCE: undefined });
    expect(prod.instanceId).toBe(`${require('os').hostname()}-${process.pid}`);
    expect(prod.loggerConfig('warn').default).toMatchObject({ level: 'warn', dir: path.join(dataDir, 'logs', prod.instanceId) });
  });

  it('LOG_FORMAT=json: console only, one JSON object per line with the request id and a redacted URL', () => {
    const m = load({ LOG_FORMAT: 'json', INSTANCE_ID: 'api-1' });
    expect(m.loggerConfig('info')).toEqual({
      default: { level: 'info', transports: { console: { autoColors: false, format: m.jsonLine, contextFormat: m.jsonLine }, file: false, error: false } },
    });
    const line = m.jsonLine({
      timestamp: '',
      LEVEL: 'INFO',
      level: 'info',
      pid: 42,
      message: '200 3ms',
      ctx: { requestId: 'req123456', method: 'POST', url: '/api/v1/callbacks/kie?task=job_1&ts=1&sig=secret' },
    });
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ level: 'info', pid: 42, instance: 'api-1', msg: '200 3ms', requestId: 'req123456', method: 'POST' });
    expect(parsed.url).not.toContain('secret');
    expect(new Date(parsed.time).toISOString()).toBe(parsed.time);
    const failed = JSON.parse(m.jsonLine({ timestamp: '', LEVEL: 'ERROR', level: 'error', pid: 42, message: 'boom', originError: new Error('boom') }));
    expect(failed.stack).toContain('Error: boom');
  });

  it('refuses a bad LOG_FORMAT or an INSTANCE_ID that is not a safe folder name', () => {
    expect(() => load({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be file or json/);
    expect(() => load({ INSTANCE_ID: '../../etc' })).toThrow(/INSTANCE_ID/);
  });
});
