/**
 * Where the logs go (docs/deploy.md, "Logs"):
 * - LOG_FORMAT=file (default): text files under DATA_DIR/logs/ (rotated daily by @midwayjs/logger). With INSTANCE_ID
 *   they go to DATA_DIR/logs/<INSTANCE_ID>[-<pm2 instance number>]/, so instances sharing a DATA_DIR never write the same files; in production
 *   the instance id defaults to <hostname>-<pid>. `npm start` keeps DATA_DIR/logs/ and its console output.
 * - LOG_FORMAT=json: one JSON object per line on stdout and no files: the container way, for a log shipper.
 */
import { hostname } from 'os';
import * as path from 'path';
import { redactUrl } from '../util/redact';
import { dataDir, envStr, isProduction } from './env';

type LogInfo = {
  timestamp: string;
  LEVEL: string;
  level: string;
  pid: number;
  message: string;
  ctx?: { requestId?: string; method: string; url: string };
  originError?: Error;
};

const format = envStr('LOG_FORMAT', 'file');
if (format !== 'file' && format !== 'json') throw new Error(`LOG_FORMAT must be file or json, got "${format}"`);
export const logFormat: 'file' | 'json' = format;

// under pm2 with several instances of one app (deploy/ecosystem.config.js), each gets its number appended: api-0, api-1
const pm2Instance = envStr('NODE_APP_INSTANCE');
const explicitInstance = envStr('INSTANCE_ID') && pm2Instance ? `${envStr('INSTANCE_ID')}-${pm2Instance}` : envStr('INSTANCE_ID');
if (explicitInstance && !/^[A-Za-z0-9._-]{1,64}$/.test(explicitInstance)) {
  throw new Error(`INSTANCE_ID may hold letters, digits, '.', '_' and '-' (it names a log folder), got "${explicitInstance}"`);
}
/** This process's name in log folders and JSON lines; empty locally without INSTANCE_ID. */
export const instanceId = explicitInstance || (isProduction ? `${hostname()}-${process.pid}` : '');

/** One log line as JSON: time, level, pid, instance, message, and the request's id/method/URL when there is one. */
export function jsonLine(info: LogInfo): string {
  const line: Record<string, unknown> = {
    time: new Date().toISOString(),
    level: info.level,
    pid: info.pid,
    instance: instanceId || undefined,
    msg: info.message,
  };
  if (info.ctx) Object.assign(line, { requestId: info.ctx.requestId, method: info.ctx.method, url: redactUrl(info.ctx.url) });
  if (info.originError?.stack) line.stack = info.originError.stack;
  return JSON.stringify(line);
}

/** A text line about a request: its id and its URL with signatures and tokens redacted. */
export function textContextLine(info: LogInfo): string {
  const ctx = info.ctx!;
  return `${info.timestamp} ${info.LEVEL} ${info.pid} [${ctx.requestId ?? '-'} ${ctx.method} ${redactUrl(ctx.url)}] ${info.message}`;
}

/** `midwayLogger` for config.default.ts. */
/** Midway's transports option: a transport's settings, or false to turn it off */
type Transports = Record<string, false | Record<string, unknown>>;

export function loggerConfig(level: string) {
  if (logFormat === 'json') {
    return {
      default: {
        level,
        transports: { console: { autoColors: false, format: jsonLine, contextFormat: jsonLine }, file: false, error: false } as Transports,
      },
    };
  }
  return {
    default: {
      level,
      dir: instanceId ? path.join(dataDir, 'logs', instanceId) : path.join(dataDir, 'logs'),
      // lines reach the log file in batches (at most a second late), in every environment (Midway buffers only
      // outside development); the error file stays unbuffered
      transports: { file: { bufferWrite: true } } as Transports,
    },
  };
}
