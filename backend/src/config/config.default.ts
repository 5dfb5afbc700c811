import { MidwayConfig } from '@midwayjs/core';
import * as path from 'path';
import { DEFAULT_PRICES, DEFAULT_SIGNUP_BONUS } from '@app/shared';
import { backendRoot, dataDir, envBool, envInt, envStr, repoRoot } from './env';
import { requireSecret } from './secrets';
import { providersConfig } from './providers';
import { paymentsConfig } from './payments';
import { databaseOptions, dbType } from './database';
import { gifEngineOptionsFromEnv } from './media';
import { storageConfig } from './storage';
import { jsonLine, logFormat, loggerConfig, textContextLine } from './logging';
import { renderSwaggerUi } from '../openapi/swagger-ui.render';
import { instanceConfig, leaseSecondsFromEnv } from './instance';

const port = envInt('PORT', 7001);
/** ROLE, INSTANCE_ID, SHUTDOWN_GRACE_SECONDS (src/config/instance.ts): a bad value stops the start here */
const instance = instanceConfig();
const publicBaseUrl = envStr('PUBLIC_BASE_URL', `http://127.0.0.1:${port}`).replace(/\/+$/, '');
const entityGlobs = ['**/entity/*.entity{.ts,.js}'];
/**
 * The admin console's page headers: scripts and styles only from this origin (no inline script, no eval), no
 * framing (clickjacking), API calls only to this origin, no Referer leaving the console. Images and clips may
 * come from object storage (https).
 */
const ADMIN_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' https:",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
const uploadMaxBytes = envInt('UPLOAD_MAX_BYTES', 10 * 1024 * 1024);

export default {
  keys: requireSecret('APP_KEYS'),
  koa: {
    port,
    // behind a load balancer: trust X-Forwarded-For for the client IP used by rate limits. The client can write
    // anything at the left of that header, so only the last TRUST_PROXY_HOPS entries (added by our own proxies)
    // count, and the client address is the leftmost of those (koa's maxIpsCount)
    proxy: envBool('TRUST_PROXY', false),
    maxIpsCount: Math.max(1, envInt('TRUST_PROXY_HOPS', 1)),
    // every line logged through ctx.logger carries the request id (also sent back as X-Request-Id) and the URL with
    // signatures and tokens redacted
    // signatures and tokens redacted (LOG_FORMAT=json: the same fields in one JSON object per line, src/config/logging.ts)
    contextLoggerFormat: logFormat === 'json' ? jsonLine : textContextLine,
  },
  http: {
    /** answer the hottest GETs in front of Midway's request pipeline (src/middleware/fast-lane.ts); false = off */
    fastLane: envBool('HTTP_FAST_LANE', true),
  },
  // Midway's body parser has one global limit: BodyMiddleware (src/middleware/body.middleware.ts) parses JSON and
  // urlencoded bodies instead, small everywhere and larger only where a route needs it
  bodyParser: { enable: false },
  // accounts use Bearer tokens, not cookies: Koa's session middleware would only cost time on every request
  session: { enable: false },
  requestLimits: {
    limit: envStr('BODY_LIMIT', '64kb'),
    routes: [
      // seed 001: img_base64 is the Data URI of an image up to 10 MB (~14 MB of base64)
      { path: '/api/v1/video/create', limit: '16mb' },
      { path: '/api/v1/admin/blocked-words', limit: '1mb' },
    ],
  },
  // OpenAPI 3 at /openapi.json (controller/docs.controller.ts), Swagger UI at /docs from swagger-ui-dist on disk
  swagger: {
    title: '表情工坊 API',
    description: 'seed 001 的表单接口（/api/v1/users/register|login|change-password, /api/v1/video/*）、小程序的应用接口和管理后台接口。',
    version: '1.0.0',
    swaggerPath: '/docs',
    swaggerUIRender: renderSwaggerUi,
  },
  // @midwayjs/validate brings @midwayjs/i18n along: messages are ours (Chinese, or seed 001's English), so no
  // locale is read from requests and no locale cookie is written
  i18n: { defaultLocale: 'zh_CN', resolver: false, writeCookie: false },
  // DTOs (src/dto/): unknown fields are ignored and dropped, as seed 001's contract says; failures → error filter
  validate: { errorStatus: 400, validationOptions: { allowUnknown: true, stripUnknown: true } },
  typeorm: {
    dataSource: {
      default: { ...databaseOptions(), entities: entityGlobs },
    },
  },
  multipart: {
    maxFileBytes: uploadMaxBytes,
    maxFieldBytes: 64 * 1024,
    // seed 001's img_base64 field: a Data URI of up to 10 MB of image (parseDataUri caps it before decoding)
    largeFieldBytes: 15 * 1024 * 1024,
    largeFieldRoutes: ['/api/v1/video/create'],
    maxFields: 50,
    maxFiles: 1,
    maxTotalBytes: Math.max(16 * 1024 * 1024, uploadMaxBytes + 1024 * 1024),
  },
  static: {
    mounts: [
      { prefix: '/', dir: path.join(repoRoot, 'miniprogram', 'dist', 'h5'), spa: true, maxAge: 3600 },
      { prefix: '/admin', dir: path.join(repoRoot, 'backend', 'admin'), spa: true, maxAge: 300, headers: ADMIN_HEADERS },
      // a day, not a year: a deleted or withdrawn sticker must not live on in caches for long
      { prefix: '/files', dir: path.join(dataDir, 'files'), spa: false, maxAge: 86400 },
    ],
  },
  // local disk or Aliyun OSS (config/storage.ts), the local files under the data folder and served at /files
  storage: storageConfig({ ...process.env, DATA_DIR: dataDir, PUBLIC_BASE_URL: publicBaseUrl }),
  media: {
    /** the GIF engine's options: GIF_* and MEDIA_TMP_DIR (config/media.ts) */
    gif: gifEngineOptionsFromEnv(),
    /**
     * where conversions work (one sticker-<task id>-* folder each, removed after; folders of killed conversions are
     * swept once nobody holds their task's lease): MEDIA_TMP_DIR, else DATA_DIR/tmp
     */
    workDir: path.resolve(envStr('MEDIA_TMP_DIR', path.join(dataDir, 'tmp'))),
    /** centre-crop stickers to a square (default: keep the clip's aspect) */
    square: envBool('GIF_SQUARE', false),
    downloadMaxBytes: envInt('VIDEO_DOWNLOAD_MAX_BYTES', 50 * 1024 * 1024),
    /** photos: width × height refused before decoding (image bombs) */
    imageMaxPixels: envInt('IMAGE_MAX_PIXELS', 30_000_000),
    downloadTimeoutMs: envInt('VIDEO_DOWNLOAD_TIMEOUT_MS', 60000),
    /** SSRF guard (storage/url-guard.ts): hosts results may come from (`.suffix` for subdomains); empty = any public host */
    downloadHosts: envStr('VIDEO_DOWNLOAD_HOSTS', '')
      .split(',')
      .map(s => s.trim().toLowerCase())
      .filter(Boolean),
    /** origins fetched even on private addresses (an internal mirror); the running simulator is added by itself */
    downloadTrustedOrigins: envStr('VIDEO_DOWNLOAD_TRUSTED_ORIGINS', '')
      .split(',')
      .map(s => s.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  },
  pipeline: {
    /** run the dispatcher/reconciler timers in this process (never on ROLE=api; PIPELINE_WORKER=false turns them off too) */
    workerEnabled: instance.role !== 'api' && envBool('PIPELINE_WORKER', true),
    dispatchIntervalMs: envInt('PIPELINE_DISPATCH_MS', 1000),
    reconcileIntervalMs: envInt('PIPELINE_RECONCILE_MS', 5000),
    /** how often the reconciler asks a provider about one in-flight task */
    pollIntervalSeconds: envInt('PIPELINE_POLL_SECONDS', 10),
    /** a client's status query refreshes from the provider at most this often per task */
    queryRefreshSeconds: envInt('PIPELINE_QUERY_REFRESH_SECONDS', 3),
    /** a task not finished after this long fails and its credits are released */
    taskTimeoutSeconds: envInt('TASK_TIMEOUT_SECONDS', 20 * 60),
    /**
     * lease on a claimed task (submission or conversion), renewed every third of it while the work goes on: work of
     * a killed instance is taken over once it runs out
     */
    leaseSeconds: leaseSecondsFromEnv(),
    maxSubmitAttempts: envInt('PIPELINE_MAX_SUBMIT_ATTEMPTS', 6),
    /**
     * a provider task we may have started but never recorded (crash between intent and answer) keeps one of
     * the provider's slots this long, since the provider may still be running it (docs/deploy.md, Provider limits)
     */
    orphanHoldSeconds: envInt('PIPELINE_ORPHAN_HOLD_SECONDS', 300),
    maxConvertAttempts: 3,
    callbackSecret: requireSecret('CALLBACK_HMAC_SECRET'),
  },
  instance,
  jwt: {
    secret: requireSecret('JWT_SECRET'),
    expiresIn: envStr('JWT_EXPIRES_IN', '7d'),
  },
  metrics: {
    /** GET /metrics answers only with `Authorization: Bearer <this>`; empty = /metrics is off (404) */
    token: envStr('METRICS_TOKEN', ''),
    dbCacheSeconds: envInt('METRICS_DB_CACHE_SECONDS', 5),
  },
  // files under DATA_DIR/logs[/INSTANCE_ID], or JSON lines on stdout with LOG_FORMAT=json (src/config/logging.ts)
  midwayLogger: loggerConfig(envStr('LOG_LEVEL', 'info')),
  app: {
    publicBaseUrl,
    dataDir,
    repoRoot,
    dbType: dbType(),
    redisUrl: envStr('REDIS_URL', ''),
    adminPhones: envStr('ADMIN_PHONES', '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean),
    signupBonus: envInt('SIGNUP_BONUS', DEFAULT_SIGNUP_BONUS),
    prices: {
      text: envInt('PRICE_TEXT', DEFAULT_PRICES.text),
      image: envInt('PRICE_IMAGE', DEFAULT_PRICES.image),
      web_search: envInt('PRICE_WEB_SEARCH', DEFAULT_PRICES.web_search),
    },
  },
  credits: {
    // days until credits expire, by where they came from (seed 004: purchased 90, bonus 30); 0 = never
    expiryDays: {
      purchase: envInt('CREDIT_EXPIRY_PURCHASE_DAYS', 90),
      bonus: envInt('CREDIT_EXPIRY_BONUS_DAYS', 30),
      grant: envInt('CREDIT_EXPIRY_GRANT_DAYS', 0),
    },
    // how often the expiry job writes `expire` entries; 0 disables it (off in unit tests unless set)
    expiryJobIntervalSeconds: envInt('CREDIT_EXPIRY_JOB_SECONDS', envStr('NODE_ENV') === 'unittest' ? 0 : 600),
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
    /** msgSecCheck / mediaCheckAsync scene: 1 profile, 2 comment, 3 forum, 4 social log */
    secScene: envInt('WECHAT_SEC_SCENE', 2),
    /** the Token of the message-push server (POST /api/v1/wechat/push) set in the mini-program console */
    pushToken: envStr('WECHAT_PUSH_TOKEN'),
    /** its EncodingAESKey (43 characters): with it only safe-mode pushes are taken (body signed and encrypted) */
    pushAesKey: envStr('WECHAT_PUSH_AES_KEY'),
  },
  content: {
    wordListFile: envStr('CONTENT_WORDLIST_FILE', path.join(backendRoot, 'assets', 'blocked-words.txt')),
    wordListRefreshSeconds: envInt('CONTENT_WORDLIST_REFRESH_SECONDS', 30),
    wechatTextCheck: envBool('WECHAT_SEC_CHECK', true),
    wechatMediaCheck: envBool('WECHAT_MEDIA_CHECK', true),
  },
  packs: {
    /** percent off the sum of a pack's stickers (0–90), shown in the quote before paying */
    discountPercent: envInt('PACK_DISCOUNT_PERCENT', 10),
    /** packs a user may have generating at once (their stickers do not count against USER_MAX_ACTIVE_TASKS) */
    maxActivePerUser: envInt('PACK_MAX_ACTIVE', 2),
  },
  limits: {
    userMaxActiveTasks: envInt('USER_MAX_ACTIVE_TASKS', 3),
    userCreatesPerMinute: envInt('USER_CREATES_PER_MINUTE', 10),
    userRecaptionsPerMinute: envInt('USER_RECAPTIONS_PER_MINUTE', 5),
    authPerIpPerMinute: envInt('AUTH_PER_IP_PER_MINUTE', 20),
    /** photos (uploads and seed 001 img_base64) per user per minute and per day */
    uploadsPerMinute: envInt('UPLOADS_PER_MINUTE', 10),
    uploadsPerDay: envInt('UPLOADS_PER_DAY', 200),
    /** photos one user may have decoding at once in this process */
    imageJobsPerUser: envInt('IMAGE_JOBS_PER_USER', 1),
    /** photos waiting for a decoder in this process before new ones are refused (429) */
    imageQueueMax: envInt('IMAGE_QUEUE_MAX', 8),
  },
  // AI video providers, Qwen, routes per sticker kind and the simulator (src/config/providers.ts)
  providers: providersConfig(),
  // packages for sale, orders, payment channels and the payment simulator (src/config/payments.ts)
  payments: paymentsConfig(),
} as MidwayConfig;
