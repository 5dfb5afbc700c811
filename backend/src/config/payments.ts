/**
 * The `payments` config block: packages for sale, order expiry, the sweeper, and each payment channel's
 * merchant keys. Every variable is listed in /.env.example. A channel is real when all its keys are set;
 * with none of them it is served by the local payment simulator (while PAY_SIM_ENABLED); with only some of
 * them the start stops with a message naming the missing ones (a half-configured real channel would take
 * money it cannot verify).
 */
import { CREDIT_PACKAGES, CreditPackage } from '@app/shared';
import { envBool, envInt, envStr, isProduction } from './env';

export interface XpayConfig {
  appId: string;
  /** MP → 虚拟支付 → 基础配置 */
  offerId: string;
  /** 0 production, 1 sandbox (signData.env); chooses which AppKey signs */
  env: 0 | 1;
  appKeyProd: string;
  appKeySandbox: string;
  mode: 'short_series_goods' | 'short_series_coin';
  apiBase: string;
}

export interface WechatPayConfig {
  /** 商户号 */
  mchid: string;
  /** the appid the merchant is bound to (default WECHAT_APPID) */
  appId: string;
  /** serial number of the merchant API certificate (Authorization serial_no) */
  serial: string;
  /** PEM file of the merchant API private key (apiclient_key.pem) */
  privateKeyPath: string;
  /** APIv3 key: 32 bytes, decrypts notifications (AES-256-GCM) */
  apiV3Key: string;
  /** PEM file of the WeChat Pay public key, and its id (the Wechatpay-Serial it signs with) */
  platformPublicKeyPath: string;
  platformPublicKeyId: string;
  baseUrl: string;
}

export interface PaymentsConfig {
  packages: CreditPackage[];
  /** an unpaid order is CLOSED after this long */
  orderTtlMinutes: number;
  /** the sweeper asks the channel about CREATED orders older than this, and closes expired ones; 0 = off */
  sweepIntervalSeconds: number;
  sweepAfterSeconds: number;
  /** a status read asks the channel at most this often per order */
  queryRefreshSeconds: number;
  simulator: { enabled: boolean; port: number };
  xpay: XpayConfig;
  wechatpay: WechatPayConfig;
}

function packages(): CreditPackage[] {
  const raw = envStr('PAYMENT_PACKAGES_JSON');
  if (!raw) return CREDIT_PACKAGES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('[payments] PAYMENT_PACKAGES_JSON is not valid JSON');
  }
  const ok = (p: unknown): p is CreditPackage => {
    const o = p as Record<string, unknown>;
    return (
      !!o &&
      typeof o.id === 'string' &&
      /^[\w-]{1,32}$/.test(o.id) &&
      typeof o.name === 'string' &&
      o.name.length > 0 &&
      Number.isSafeInteger(o.credits) &&
      (o.credits as number) > 0 &&
      Number.isSafeInteger(o.priceFen) &&
      (o.priceFen as number) > 0
    );
  };
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(ok)) {
    throw new Error('[payments] PAYMENT_PACKAGES_JSON must be a non-empty array of {id, name, credits, priceFen} (positive integers)');
  }
  return parsed;
}

/** All set or none set; production never runs half a channel. */
export function requireAllOrNone(channel: string, keys: Record<string, string>): boolean {
  const missing = Object.entries(keys)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length === 0) return true;
  if (missing.length === Object.keys(keys).length) return false;
  throw new Error(`[payments] ${channel} is half configured: set ${missing.join(', ')} too, or none of its keys to use the payment simulator`);
}

export function paymentsConfig(): PaymentsConfig {
  const xpayEnv = envInt('WECHAT_VIRTUAL_ENV', 0) === 1 ? 1 : 0;
  return {
    packages: packages(),
    orderTtlMinutes: envInt('ORDER_TTL_MINUTES', 30),
    sweepIntervalSeconds: envInt('PAYMENT_SWEEP_SECONDS', envStr('NODE_ENV') === 'unittest' ? 0 : 60),
    sweepAfterSeconds: envInt('PAYMENT_SWEEP_AFTER_SECONDS', 60),
    queryRefreshSeconds: envInt('PAYMENT_QUERY_REFRESH_SECONDS', 2),
    simulator: { enabled: envBool('PAY_SIM_ENABLED', !isProduction), port: envInt('PAY_SIM_PORT', 0) },
    xpay: {
      appId: envStr('WECHAT_APPID'),
      offerId: envStr('WECHAT_VIRTUAL_OFFER_ID'),
      env: xpayEnv,
      appKeyProd: envStr('WECHAT_VIRTUAL_APPKEY'),
      appKeySandbox: envStr('WECHAT_VIRTUAL_SANDBOX_APPKEY'),
      mode: envStr('WECHAT_VIRTUAL_MODE', 'short_series_goods') === 'short_series_coin' ? 'short_series_coin' : 'short_series_goods',
      apiBase: envStr('WECHAT_API_BASE', 'https://api.weixin.qq.com').replace(/\/+$/, ''),
    },
    wechatpay: {
      mchid: envStr('WECHATPAY_MCHID'),
      appId: envStr('WECHATPAY_APPID', envStr('WECHAT_APPID')),
      serial: envStr('WECHATPAY_SERIAL'),
      privateKeyPath: envStr('WECHATPAY_PRIVATE_KEY_PATH'),
      apiV3Key: envStr('WECHATPAY_APIV3_KEY'),
      platformPublicKeyPath: envStr('WECHATPAY_PUBLIC_KEY_PATH'),
      platformPublicKeyId: envStr('WECHATPAY_PUBLIC_KEY_ID'),
      baseUrl: envStr('WECHATPAY_BASE_URL', 'https://api.mch.weixin.qq.com').replace(/\/+$/, ''),
    },
  };
}
