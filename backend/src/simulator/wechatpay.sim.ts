/**
 * The payment simulator's WeChat Pay API v3 (Native) part, so the real `wechatpay_native` channel runs
 * offline. It generates a merchant key pair, a "WeChat Pay" platform key pair and an APIv3 key at start and
 * hands them to the channel (`credentials`), like a merchant downloading them from the merchant platform.
 *
 * - every request must carry `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,serial_no=…,timestamp=…,
 *   nonce_str=…,signature=…`, RSA-SHA256 over "METHOD\nURL\ntimestamp\nnonce\nbody\n" with the merchant key;
 *   otherwise 401 SIGN_ERROR;
 * - answers are signed with the platform key (Wechatpay-Timestamp/Nonce/Serial/Signature over
 *   "timestamp\nnonce\nbody\n");
 * - POST /v3/pay/transactions/native → code_url; GET /v3/pay/transactions/out-trade-no/{no}?mchid= →
 *   the transaction; POST /v3/refund/domestic/refunds → refund_id;
 * - the "scan" stand-in: GET /wechatpay/scan?code_url=… shows a pay page (模拟), its 确认支付 marks the order
 *   SUCCESS and POSTs a TRANSACTION.SUCCESS notification to notify_url, its resource AES-256-GCM encrypted
 *   under the APIv3 key (retried on failure, like WeChat Pay).
 * Written with node:crypto only, independently of the channel's library (wechatpay-axios-plugin).
 */
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, KeyObject } from 'crypto';
import { SimResponse, isObject, json, text } from './sim-http';

export interface WechatPaySimCredentials {
  mchid: string;
  appId: string;
  serial: string;
  privateKey: KeyObject;
  apiV3Key: string;
  platformPublicKey: KeyObject;
  platformPublicKeyId: string;
}

export interface SimNativeOrder {
  outTradeNo: string;
  total: number;
  description: string;
  notifyUrl: string;
  codeUrl: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId: string;
  successTime: string;
}

export interface WechatPaySimRequest {
  method: string;
  /** path and query, as signed */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const MCHID = '1900000109';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const PUB_ID = 'PUB_KEY_ID_0000000000000000000000000000SIM';
const AUTH = /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",serial_no="(\w+)",timestamp="(\d+)",nonce_str="(\w+)",signature="([^"]+)"$/;

export class WechatPaySim {
  readonly orders = new Map<string, SimNativeOrder>();
  readonly credentials: WechatPaySimCredentials;
  /** requests refused for their signature */
  badAuth = 0;
  private readonly merchantPublicKey: KeyObject;
  private readonly platformPrivateKey: KeyObject;

  constructor(private readonly baseUrl: () => string) {
    const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.merchantPublicKey = merchant.publicKey;
    this.platformPrivateKey = platform.privateKey;
    this.credentials = {
      mchid: MCHID,
      appId: 'wxsimpayapp',
      serial: SERIAL,
      privateKey: merchant.privateKey,
      apiV3Key: randomBytes(16).toString('hex'),
      platformPublicKey: platform.publicKey,
      platformPublicKeyId: PUB_ID,
    };
  }

  /** The headers WeChat Pay signs an answer or a notification with. */
  signedHeaders(body: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256').update(`${ts}\n${nonce}\n${body}\n`).sign(this.platformPrivateKey, 'base64');
    return { 'Wechatpay-Timestamp': String(ts), 'Wechatpay-Nonce': nonce, 'Wechatpay-Serial': PUB_ID, 'Wechatpay-Signature': signature };
  }

  /** The API routes under /v3; undefined for other paths. */
  handle(req: WechatPaySimRequest): SimResponse | undefined {
    const url = new URL(req.url, 'http://sim.local');
    if (!url.pathname.startsWith('/v3/')) return undefined;
    if (!this.authorized(req)) {
      this.badAuth += 1;
      return this.answer(401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    let b: Record<string, unknown> = {};
    if (req.method === 'POST') {
      try {
        const parsed: unknown = JSON.parse(req.body);
        if (isObject(parsed)) b = parsed;
      } catch {
        return this.answer(400, { code: 'PARAM_ERROR', message: '请求体不是 JSON' });
      }
    }
    if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/native') return this.create(b);
    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && q) {
      if (url.searchParams.get('mchid') !== MCHID) return this.answer(400, { code: 'PARAM_ERROR', message: 'mchid 不正确' });
      const o = this.orders.get(decodeURIComponent(q[1] ?? ''));
      return o ? this.answer(200, this.transaction(o)) : this.answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    }
    if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') return this.refund(b);
    return this.answer(404, { code: 'NOT_FOUND', message: 'no such API' });
  }

  /** The order behind a code_url (the scan stand-in). */
  byCodeUrl(codeUrl: string): SimNativeOrder | undefined {
    return [...this.orders.values()].find(o => o.codeUrl === codeUrl);
  }

  /** Marks the order paid (what scanning and confirming does); true when it changed. */
  pay(o: SimNativeOrder): boolean {
    if (o.state !== 'NOTPAY') return false;
    o.state = 'SUCCESS';
    o.transactionId = `4200${Date.now()}${randomBytes(3).toString('hex')}`;
    o.successTime = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
    return true;
  }

  /** A TRANSACTION.SUCCESS notification for a paid order, as WeChat Pay POSTs it. */
  notification(o: SimNativeOrder): { headers: Record<string, string>; body: string } {
    const nonce = randomBytes(6).toString('hex'); // 12 characters, used as the 12-byte GCM nonce
    const aad = 'transaction';
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.credentials.apiV3Key), Buffer.from(nonce)).setAAD(Buffer.from(aad));
    const plain = JSON.stringify(this.transaction(o));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const body = JSON.stringify({
      id: randomBytes(8).toString('hex'),
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
    });
    return { headers: { 'Content-Type': 'application/json', ...this.signedHeaders(body) }, body };
  }

  /** The simulator's scan page URL for a code_url (the H5 page links to it under the QR code). */
  scanUrl(codeUrl: string): string {
    return `${this.baseUrl()}/wechatpay/scan?code_url=${encodeURIComponent(codeUrl)}`;
  }

  private create(b: Record<string, unknown>): SimResponse {
    const no = text(b.out_trade_no);
    const amount = isObject(b.amount) ? b.amount.total : undefined;
    const notifyUrl = text(b.notify_url);
    if (b.mchid !== MCHID || b.appid !== this.credentials.appId) return this.answer(400, { code: 'PARAM_ERROR', message: 'mchid 与 appid 不匹配' });
    if (!no || !Number.isSafeInteger(amount) || (amount as number) <= 0 || !notifyUrl || !text(b.description)) {
      return this.answer(400, { code: 'PARAM_ERROR', message: '缺少 out_trade_no、description、notify_url 或 amount.total' });
    }
    const existing = this.orders.get(no);
    if (existing) return this.answer(200, { code_url: existing.codeUrl }); // same order again: same code_url
    const o: SimNativeOrder = {
      outTradeNo: no,
      total: amount as number,
      description: text(b.description) ?? '',
      notifyUrl,
      codeUrl: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString('hex')}`,
      state: 'NOTPAY',
      transactionId: '',
      successTime: '',
    };
    this.orders.set(no, o);
    return this.answer(200, { code_url: o.codeUrl });
  }

  private refund(b: Record<string, unknown>): SimResponse {
    const o = this.orders.get(text(b.out_trade_no) ?? '');
    const refundNo = text(b.out_refund_no);
    const amount = isObject(b.amount) ? b.amount : {};
    if (!o || !refundNo) return this.answer(404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
    if (o.state !== 'SUCCESS') return this.answer(400, { code: 'INVALID_REQUEST', message: '订单未支付或已退款' });
    if (amount.total !== o.total || !Number.isSafeInteger(amount.refund) || (amount.refund as number) <= 0 || (amount.refund as number) > o.total) {
      return this.answer(400, { code: 'PARAM_ERROR', message: '退款金额不正确' });
    }
    o.state = 'REFUND';
    return this.answer(200, {
      refund_id: `5030${Date.now()}`,
      out_refund_no: refundNo,
      transaction_id: o.transactionId,
      out_trade_no: o.outTradeNo,
      status: 'PROCESSING',
      amount: { refund: amount.refund, total: o.total, currency: 'CNY' },
    });
  }

  private transaction(o: SimNativeOrder): Record<string, unknown> {
    const paid = o.state === 'SUCCESS' || o.state === 'REFUND';
    return {
      appid: this.credentials.appId,
      mchid: MCHID,
      out_trade_no: o.outTradeNo,
      trade_type: 'NATIVE',
      trade_state: o.state,
      ...(paid ? { transaction_id: o.transactionId, success_time: o.successTime } : {}),
      amount: { total: o.total, currency: 'CNY', ...(paid ? { payer_total: o.total, payer_currency: 'CNY' } : {}) },
    };
  }

  private authorized(req: WechatPaySimRequest): boolean {
    const m = AUTH.exec(String(req.headers.authorization ?? ''));
    if (!m || m[1] !== MCHID || m[2] !== SERIAL) return false;
    if (Math.abs(Date.now() / 1000 - Number(m[3])) > 300) return false;
    return createVerify('RSA-SHA256')
      .update(`${req.method}\n${req.url}\n${m[3]}\n${m[4]}\n${req.body}\n`)
      .verify(this.merchantPublicKey, m[5] ?? '', 'base64');
  }

  private answer(status: number, body: unknown): SimResponse {
    return json(status, body, this.signedHeaders(JSON.stringify(body)));
  }
}
