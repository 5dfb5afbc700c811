/** The environment every instance of a test cluster shares, plus what makes each one itself. */
import type { StandIn } from './provider-standin';

export interface ClusterEnv {
  dataDir: string;
  standIn: StandIn;
  /** where files and callbacks are reached: a balancer in front of the instances that serve HTTP (support/balancer.ts), or the one instance */
  publicBaseUrl: string;
  /** DB_* and REDIS_URL */
  db: Record<string, string>;
}

export function instanceEnv(c: ClusterEnv, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: c.dataDir,
    ...c.db,
    INSTANCE_ID: name,
    PUBLIC_BASE_URL: c.publicBaseUrl,
    JWT_SECRET: 'cluster-jwt-secret-0123456789abcdef0123456789',
    APP_KEYS: 'cluster-app-keys-0123456789',
    CALLBACK_HMAC_SECRET: 'cluster-callback-secret-0123456789',
    LOG_LEVEL: 'warn',
    // the providers are the stand-in, one API key per instance so it knows who asks
    SIM_ENABLED: 'false',
    PAY_SIM_ENABLED: 'false',
    DASHSCOPE_API_KEY: `sk-${name}`,
    EVOLINK_API_KEY: `sk-${name}`,
    KIE_API_KEY: `sk-${name}`,
    DASHSCOPE_BASE_URL: `${c.standIn.url}/dashscope`,
    EVOLINK_BASE_URL: `${c.standIn.url}/evolink`,
    KIE_BASE_URL: `${c.standIn.url}/kie`,
    // clips come through the stand-in (answers to polls) or straight from the simulator (callbacks of evolink and kie)
    VIDEO_DOWNLOAD_TRUSTED_ORIGINS: `${c.standIn.url},${new URL(c.standIn.sim.url).origin}`,
    PIPELINE_DISPATCH_MS: '250',
    PIPELINE_RECONCILE_MS: '500',
    PIPELINE_POLL_SECONDS: '1',
    PIPELINE_QUERY_REFRESH_SECONDS: '0',
    CREDIT_EXPIRY_JOB_SECONDS: '0',
    PAYMENT_SWEEP_SECONDS: '0',
    SIGNUP_BONUS: '1000',
    USER_MAX_ACTIVE_TASKS: '1000',
    USER_CREATES_PER_MINUTE: '1000',
    AUTH_PER_IP_PER_MINUTE: '10000',
    LOGIN_RATE_MAX_PER_IP: '10000',
    UPLOADS_PER_MINUTE: '1000',
    GIF_POOL_SIZE: '1',
    ...extra,
  };
}
