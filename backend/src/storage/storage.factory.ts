/** The storage a StorageConfig names (config/storage.ts reads it from the environment). */
import type { StorageConfig } from '../config/storage';
import { LocalStorage } from './local.storage';
import { OssStorage } from './oss.storage';
import type { Storage } from './storage';

export function createStorage(config: StorageConfig): Storage {
  if (config.driver === 'oss') return new OssStorage(config.oss);
  return new LocalStorage({ dir: config.dir, publicBaseUrl: config.publicBaseUrl });
}
