import { MidwayConfig } from '@midwayjs/core';
import * as path from 'path';
import { DEFAULT_PRICES, DEFAULT_SIGNUP_BONUS } from '@app/shared';
import { dataDir, envBool, envInt, envStr, repoRoot } from './env';
import { requireSecret } from './secrets';
import { databaseOptions, dbType } from './database';

const port = envInt('PORT', 7001);
const entityGlobs = ['**/entity/*.entity{.ts,.js}'];

export default {
  keys: requireSecret('APP_KEYS'),
  koa: {
    port,
    // behind a load balancer: trust X-Forwarded-For for the client IP used by rate limits
    proxy: envBool('TRUST_PROXY', false),
  },
  bodyParser: {
    enableTypes: ['json', 'form'],
    jsonLimit: '12mb', // a seed 001 img_base64 Data URI of a 8 MB image is ~11 MB
    formLimit: '12mb',
  },
  typeorm: {
    dataSource: {
      default: { ...databaseOptions(), entities: entityGlobs },
    },
  },
  multipart: {
    maxFileBytes: envInt('UPLOAD_MAX_BYTES', 10 * 1024 * 1024),
    maxFieldBytes: 12 * 1024 * 1024,
    maxFields: 50,
    maxFiles: 1,
  },
  static: {
    mounts: [
      { prefix: '/', dir: path.join(repoRoot, 'miniprogram', 'dist', 'h5'), spa: true, maxAge: 3600 },
      { prefix: '/admin', dir: path.join(repoRoot, 'backend', 'admin'), spa: true, maxAge: 300 },
      { prefix: '/files', dir: path.join(dataDir, 'files'), spa: false, maxAge: 31536000 },
    ],
  },
  jwt: {
    secret: requireSecret('JWT_SECRET'),
    expiresIn: envStr('JWT_EXPIRES_IN', '7d'),
  },
  midwayLogger: {
    default: { level: envStr('LOG_LEVEL', 'info') as 'info', dir: path.join(dataDir, '..', 'logs') },
  },
  app: {
    publicBaseUrl: envStr('PUBLIC_BASE_URL', `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    dataDir,
    repoRoot,
    dbType: dbType(),
    redisUrl: envStr('REDIS_URL', ''),
    adminPhones: envStr('ADMIN_PHONES', '').split(',').map(s => s.trim()).filter(Boolean),
    signupBonus: envInt('SIGNUP_BONUS', DEFAULT_SIGNUP_BONUS),
    prices: {
      text: envInt('PRICE_TEXT', DEFAULT_PRICES.text),
      image: envInt('PRICE_IMAGE', DEFAULT_PRICES.image),
      web_search: envInt('PRICE_WEB_SEARCH', DEFAULT_PRICES.web_search),
    },
  },
  auth: {
    passwordMinLength: 8,
    // login attempts per phone and per IP in a sliding window (fixed windows of this many seconds)
    loginWindowSeconds: envInt('LOGIN_RATE_WINDOW_SECONDS', 900),
    loginMaxPerPhone: envInt('LOGIN_RATE_MAX_PER_PHONE', 10),
    loginMaxPerIp: envInt('LOGIN_RATE_MAX_PER_IP', 30),
  },
  sms: {
    accessKeyId: envStr('SMS_ACCESS_KEY_ID'),
    accessKeySecret: envStr('SMS_ACCESS_KEY_SECRET'),
    endpoint: envStr('SMS_ENDPOINT', 'https://dysmsapi.aliyuncs.com'),
    signName: envStr('SMS_SIGN_NAME'),
    templateCode: envStr('SMS_TEMPLATE_CODE'),
    regionId: envStr('SMS_REGION_ID', 'cn-hangzhou'),
    codeTtlSeconds: envInt('SMS_CODE_TTL_SECONDS', 300),
    resendSeconds: envInt('SMS_RESEND_SECONDS', 60),
    dailyCapPerPhone: envInt('SMS_DAILY_CAP_PER_PHONE', 10),
    maxAttempts: 5,
  },
  wechat: {
    appId: envStr('WECHAT_APPID'),
    secret: envStr('WECHAT_SECRET'),
    apiBase: envStr('WECHAT_API_BASE', 'https://api.weixin.qq.com').replace(/\/+$/, ''),
  },
} as MidwayConfig;
