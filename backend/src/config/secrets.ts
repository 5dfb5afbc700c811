/**
 * Secrets come from the environment. In production a missing one stops the start; in local use a random
 * development secret is generated once and kept in the data folder, with a warning.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { dataDir, isProduction } from './env';

const DEV_SECRETS_FILE = path.join(dataDir, 'dev-secrets.json');

function readDevSecrets(): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(DEV_SECRETS_FILE, 'utf8')) as Record<string, string>;
  } catch {
    return {}; // first start: no file yet
  }
}

export function requireSecret(name: string): string {
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  if (isProduction) {
    throw new Error(`[config] ${name} is not set. It is required when NODE_ENV=production (see .env.example).`);
  }
  const stored = readDevSecrets();
  const existing = stored[name];
  if (existing) return existing;
  const generated = crypto.randomBytes(32).toString('hex');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(DEV_SECRETS_FILE, JSON.stringify({ ...stored, [name]: generated }, null, 2), { mode: 0o600 });
  console.warn(`[config] ${name} is not set: generated a development secret in ${DEV_SECRETS_FILE}. Set it in production.`);
  return generated;
}
