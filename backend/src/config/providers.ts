/**
 * The `providers` config block (AI video providers, Qwen, routes, simulator). Every variable is listed in
 * /.env.example. A provider without an API key talks to the local simulator (while SIM_ENABLED).
 */
import type { StickerKind } from '@app/shared';
import { envBool, envInt, envStr, isProduction } from './env';

export interface ProviderEndpointConfig {
  /** empty → the provider is simulated (or unavailable when the simulator is disabled) */
  apiKey: string;
  baseUrl: string;
  /** tasks in flight at the provider at once (DashScope wanx2.1: 2 per account) */
  maxConcurrent: number;
  /** task submissions per second (DashScope wanx2.1: 2) */
  submitPerSecond: number;
}

export interface ProvidersConfig {
  /** per HTTP request to a provider */
  timeoutMs: number;
  dashscope: ProviderEndpointConfig & { t2vModel: string; i2vModel: string; qwenModel: string };
  evolink: ProviderEndpointConfig & { t2vModel: string; i2vModel: string; duration: number; squareAspectRatio: string };
  kie: ProviderEndpointConfig & { t2vModel: string; i2vModel: string; nFrames: string; squareAspectRatio: string };
  /** per sticker kind, tried in order; each entry "provider" (its model for the mode) or "provider:model" */
  routes: Record<StickerKind, string[]>;
  simulator: {
    /** providers without a key use the simulator; false → they are left out of the routes */
    enabled: boolean;
    /** 0 = a random free port */
    port: number;
    /** time from create to SUCCEEDED */
    delayMs: number;
    /** 0..1: share of tasks that fail at random */
    failureRate: number;
  };
}

function list(name: string, fallback: string): string[] {
  return envStr(name, fallback)
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

function rate(name: string, fallback: number): number {
  const raw = envStr(name, String(fallback));
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`[config] ${name} must be a number from 0 to 1, got "${raw}"`);
  return n;
}

export function providersConfig(): ProvidersConfig {
  const routesText = envStr('ROUTES_TEXT', 'dashscope,kie,evolink');
  return {
    timeoutMs: envInt('PROVIDER_TIMEOUT_MS', 30000),
    dashscope: {
      apiKey: envStr('DASHSCOPE_API_KEY'),
      baseUrl: envStr('DASHSCOPE_BASE_URL', 'https://dashscope.aliyuncs.com'),
      t2vModel: envStr('DASHSCOPE_T2V_MODEL', 'wanx2.1-t2v-turbo'),
      i2vModel: envStr('DASHSCOPE_I2V_MODEL', 'wan2.2-i2v-flash'),
      qwenModel: envStr('QWEN_MODEL', 'qwen-plus'),
      maxConcurrent: envInt('DASHSCOPE_MAX_CONCURRENT', 2),
      submitPerSecond: envInt('DASHSCOPE_SUBMIT_PER_SECOND', 2),
    },
    evolink: {
      apiKey: envStr('EVOLINK_API_KEY'),
      baseUrl: envStr('EVOLINK_BASE_URL', 'https://api.evolink.ai'),
      t2vModel: envStr('EVOLINK_MODEL', 'sora-2'),
      i2vModel: envStr('EVOLINK_I2V_MODEL', envStr('EVOLINK_MODEL', 'sora-2')),
      duration: envInt('EVOLINK_DURATION', 10),
      squareAspectRatio: envStr('EVOLINK_SQUARE_ASPECT', '9:16'),
      maxConcurrent: envInt('EVOLINK_MAX_CONCURRENT', 4),
      submitPerSecond: envInt('EVOLINK_SUBMIT_PER_SECOND', 2),
    },
    kie: {
      apiKey: envStr('KIE_API_KEY'),
      baseUrl: envStr('KIE_BASE_URL', 'https://api.kie.ai'),
      t2vModel: envStr('KIE_MODEL', 'sora-2-text-to-video'),
      i2vModel: envStr('KIE_I2V_MODEL', 'sora-2-image-to-video'),
      nFrames: envStr('KIE_N_FRAMES', '10'),
      squareAspectRatio: envStr('KIE_SQUARE_ASPECT', 'portrait'),
      maxConcurrent: envInt('KIE_MAX_CONCURRENT', 4),
      submitPerSecond: envInt('KIE_SUBMIT_PER_SECOND', 2),
    },
    routes: {
      text: list('ROUTES_TEXT', routesText),
      image: list('ROUTES_IMAGE', 'dashscope,evolink'),
      web_search: list('ROUTES_WEB_SEARCH', routesText),
    },
    simulator: {
      enabled: envBool('SIM_ENABLED', !isProduction),
      port: envInt('SIM_PORT', 0),
      delayMs: envInt('SIM_DELAY_MS', 4000),
      failureRate: rate('SIM_FAILURE_RATE', 0),
    },
  };
}
