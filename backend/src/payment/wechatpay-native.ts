/**
 * The `wechatpay_native` channel: WeChat Pay API v3 Native (a QR code to scan) for the web page outside
 * WeChat. Requests are signed with the merchant API key (RSA-SHA256 over "METHOD\nURL\ntimestamp\nnonce\nbody\n",
 * `Authorization: WECHATPAY2-SHA256-RSA2048 …`); answers and notifications are verified with the WeChat Pay
 * public key (over "timestamp\nnonce\nbody\n"); the notification's resource is AES-256-GCM encrypted with the
 * APIv3 key. The formatting, RSA and AES helpers are those of `wechatpay-axios-plugin`; HTTP goes through
 * fetch so the base URL (and a stand-in in tests) is configurable.
 */
import * as fs from 'fs';
import { createPrivateKey, createPublicKey, KeyObject } from 'crypto';
import * as QRCode from 'qrcode';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import type { PaymentParams } from '@app/shared';
import type { WechatPayConfig } from '../config/payments';
import { ChannelOrder, ChannelPayment, ChannelRefund, PaymentChannel, PaymentChannelError } from './channel';

/** Notifications and answers signed longer ago than this (or this far ahead) are refused. */
const MAX_SKEW_SECONDS = 300;

export interface WechatPayKeys {
  privateKey: KeyObject;
  platformPublicKey: KeyObject;
}

export function loadWechatPayKeys(cfg: WechatPayConfig): WechatPayKeys {
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`[payments] cannot read ${what} at ${file}: ${(e as Error).message}`);
    }
  };
  return {
    privateKey: createPrivateKey(read(cfg.privateKeyPath, 'WECHATPAY_PRIVATE_KEY_PATH')),
    platformPublicKey: createPublicKey(read(cfg.platformPublicKeyPath, 'WECHATPAY_PUBLIC_KEY_PATH')),
  };
}

/** The decrypted `resource` of a TRANSACTION.SUCCESS notification (the fields we use). */
interface Transaction {
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  success_time?: string;
  amount?: { total?: number; payer_total?: number };
}

const STATE: Record<string, ChannelPayment['state']> = {
  SUCCESS: 'PAID',
  NOTPAY: 'NOTPAY',
  USERPAYING: 'NOTPAY',
  ACCEPT: 'NOTPAY',
  CLOSED: 'CLOSED',
  REVOKED: 'CLOSED',
  PAYERROR: 'CLOSED',
  REFUND: 'REFUNDED',
};

/** The payment simulator's stand-in for a phone scanning the code (only when the channel talks to it). */
export interface NativeSimulation {
  scanUrl: (codeUrl: string) => string;
}

export class WechatPayNativeChannel implements PaymentChannel {
  readonly name = 'wechatpay_native' as const;
  readonly simulated: boolean;

  constructor(
    private readonly cfg: WechatPayConfig,
    private readonly keys: WechatPayKeys,
    private readonly notifyUrl: string,
    private readonly simulation?: NativeSimulation,
  ) {
    this.simulated = !!simulation;
  }

  async create(order: ChannelOrder): Promise<PaymentParams> {
    const r = await this.call<{ code_url?: string }>('POST', '/v3/pay/transactions/native', {
      appid: this.cfg.appId,
      mchid: this.cfg.mchid,
      description: order.description.slice(0, 127),
      out_trade_no: order.outTradeNo,
      time_expire: order.expiresAt.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      notify_url: this.notifyUrl,
      amount: { total: order.priceFen, currency: 'CNY' },
    });
    if (!r.code_url) throw new PaymentChannelError('wechatpay_native', 'no code_url in the answer');
    // the web page shows this PNG; the browser needs no QR library (the mini-program never uses Native)
    const qrDataUrl = await QRCode.toDataURL(r.code_url, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    return { channel: 'wechatpay_native', codeUrl: r.code_url, qrDataUrl, ...(this.simulation ? { scanUrl: this.simulation.scanUrl(r.code_url) } : {}) };
  }

  async query(outTradeNo: string): Promise<ChannelPayment> {
    const t = await this.call<Transaction>(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.cfg.mchid)}`,
    );
    return this.toPayment(outTradeNo, t);
  }

  async refund(order: { outTradeNo: string; priceFen: number; refundNo: string }): Promise<ChannelRefund> {
    const r = await this.call<{ refund_id?: string; status?: string }>('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: order.outTradeNo,
      out_refund_no: order.refundNo,
      amount: { refund: order.priceFen, total: order.priceFen, currency: 'CNY' },
    });
    if (!r.refund_id) throw new PaymentChannelError('wechatpay_native', 'no refund_id in the answer');
    return { refundId: r.refund_id, raw: r };
  }

  /**
   * A notification POSTed to /api/v1/payments/wechatpay/notify: signature checked with the WeChat Pay
   * public key, timestamp within 5 minutes, resource decrypted. Throws PaymentChannelError when any of it fails.
   */
  parseNotification(headers: Record<string, string | undefined>, body: string): ChannelPayment {
    this.verify(headers, body);
    let envelope: { event_type?: string; resource?: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string } };
    try {
      envelope = JSON.parse(body);
    } catch {
      throw new PaymentChannelError('wechatpay_native', 'notification is not JSON');
    }
    const res = envelope.resource;
    if (res?.algorithm !== 'AEAD_AES_256_GCM' || !res.ciphertext || !res.nonce)
      throw new PaymentChannelError('wechatpay_native', 'notification without an AEAD_AES_256_GCM resource');
    let t: Transaction;
    try {
      t = JSON.parse(Aes.AesGcm.decrypt(res.ciphertext, this.cfg.apiV3Key, res.nonce, res.associated_data ?? ''));
    } catch {
      throw new PaymentChannelError('wechatpay_native', 'notification resource does not decrypt with the APIv3 key');
    }
    if (!t.out_trade_no) throw new PaymentChannelError('wechatpay_native', 'notification without out_trade_no');
    return this.toPayment(t.out_trade_no, t);
  }

  private toPayment(outTradeNo: string, t: Transaction): ChannelPayment {
    const state = STATE[t.trade_state ?? ''] ?? 'NOTPAY';
    return {
      outTradeNo,
      state,
      transactionId: t.transaction_id,
      paidFen: state === 'PAID' ? t.amount?.total : undefined,
      paidAt: t.success_time ? new Date(t.success_time) : undefined,
      raw: t,
    };
  }

  private verify(headers: Record<string, string | undefined>, body: string): void {
    const ts = headers['wechatpay-timestamp'];
    const nonce = headers['wechatpay-nonce'];
    const signature = headers['wechatpay-signature'];
    const serial = headers['wechatpay-serial'];
    if (!ts || !nonce || !signature || !/^\d{1,12}$/.test(ts)) throw new PaymentChannelError('wechatpay_native', 'missing Wechatpay-* signature headers');
    if (this.cfg.platformPublicKeyId && serial !== this.cfg.platformPublicKeyId)
      throw new PaymentChannelError('wechatpay_native', `signed with an unknown key ${serial}`);
    if (Math.abs(Date.now() / 1000 - Number(ts)) > MAX_SKEW_SECONDS) throw new PaymentChannelError('wechatpay_native', 'stale Wechatpay-Timestamp');
    if (!Rsa.verify(Formatter.response(ts, nonce, body), signature, this.keys.platformPublicKey))
      throw new PaymentChannelError('wechatpay_native', 'Wechatpay-Signature does not verify');
  }

  private async call<T>(method: 'GET' | 'POST', pathAndQuery: string, payload?: unknown): Promise<T> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const ts = String(Formatter.timestamp());
    const nonce = Formatter.nonce();
    const signature = Rsa.sign(Formatter.request(method, pathAndQuery, ts, nonce, body), this.keys.privateKey);
    let res: Response;
    try {
      res = await fetch(`${this.cfg.baseUrl}${pathAndQuery}`, {
        method,
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          Authorization: Formatter.authorization(this.cfg.mchid, nonce, signature, ts, this.cfg.serial),
        },
        body: method === 'GET' ? undefined : body,
        signal: AbortSignal.timeout(10000),
      });
    } catch (e) {
      throw new PaymentChannelError('wechatpay_native', `unreachable: ${(e as Error).message}`);
    }
    const text = await res.text();
    const h = (n: string) => res.headers.get(n) ?? undefined;
    this.verify(
      {
        'wechatpay-timestamp': h('wechatpay-timestamp'),
        'wechatpay-nonce': h('wechatpay-nonce'),
        'wechatpay-signature': h('wechatpay-signature'),
        'wechatpay-serial': h('wechatpay-serial'),
      },
      text,
    );
    const parsed = (text ? JSON.parse(text) : {}) as T & { code?: string; message?: string };
    if (!res.ok)
      throw new PaymentChannelError('wechatpay_native', `${method} ${pathAndQuery}: ${res.status} ${parsed.code ?? ''} ${parsed.message ?? ''}`, {
        status: res.status,
        code: parsed.code,
      });
    return parsed;
  }
}
