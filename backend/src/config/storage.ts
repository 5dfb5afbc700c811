/**
 * Where stickers, clips and uploads are stored (every variable is listed in /.env.example):
 * STORAGE_DRIVER=local (default): files under `${DATA_DIR}/files` (DATA_DIR default backend/data), URLs
 * `${PUBLIC_BASE_URL}/files/<key>`. STORAGE_DRIVER=oss: Aliyun OSS from the OSS_* variables. Each reader takes the
 * variables as an argument (process.env by default) and throws a clear message naming what is missing.
 */
import * as path from 'path';
import type { OssStorageOptions } from '../storage/oss.storage';
import { Env, backendRoot } from './env';

export type StorageConfig = { driver: 'local'; dir: string; publicBaseUrl: string } | { driver: 'oss'; oss: OssStorageOptions };

export function storageConfig(env: Env = process.env): StorageConfig {
  const driver = (env.STORAGE_DRIVER ?? 'local').toLowerCase();
  if (driver === 'oss') return { driver, oss: ossOptionsFromEnv(env) };
  if (driver !== 'local') throw new Error(`[storage] STORAGE_DRIVER must be local or oss, got ${driver}`);
  return {
    driver,
    dir: path.join(path.resolve(env.DATA_DIR ?? path.join(backendRoot, 'data')), 'files'),
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${env.PORT ?? '7001'}`,
  };
}

const REQUIRED = ['OSS_BUCKET', 'OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET'] as const;

/** Reads the OSS_* variables; throws one message naming every missing one. */
export function ossOptionsFromEnv(env: Env = process.env): OssStorageOptions {
  const missing: string[] = REQUIRED.filter(name => !env[name]);
  if (!env.OSS_REGION && !env.OSS_ENDPOINT) missing.push('OSS_REGION or OSS_ENDPOINT');
  if (missing.length) throw new Error(`[storage] STORAGE_DRIVER=oss needs ${missing.join(', ')}`);
  const mode = (env.OSS_URL_MODE ?? 'public').toLowerCase();
  if (mode !== 'public' && mode !== 'signed') throw new Error(`[storage] OSS_URL_MODE must be public or signed, got ${mode}`);
  const expires = Number(env.OSS_SIGNED_URL_EXPIRES ?? 3600);
  if (!Number.isInteger(expires) || expires < 60) throw new Error('[storage] OSS_SIGNED_URL_EXPIRES must be whole seconds ≥ 60');
  return {
    region: env.OSS_REGION || undefined,
    endpoint: env.OSS_ENDPOINT || undefined,
    bucket: env.OSS_BUCKET!,
    accessKeyId: env.OSS_ACCESS_KEY_ID!,
    accessKeySecret: env.OSS_ACCESS_KEY_SECRET!,
    cdnDomain: env.OSS_CDN_DOMAIN || undefined,
    urlMode: mode,
    signedUrlExpiresSec: expires,
    secure: env.OSS_SECURE !== 'false',
    cname: env.OSS_CNAME === 'true',
  };
}
