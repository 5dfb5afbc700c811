/**
 * The `wechat_virtual` channel: 小程序虚拟支付 (xpay), which WeChat requires for virtual goods such as
 * credits (REFERENCE §6, docs/payments.md). The client calls `wx.requestVirtualPayment` with the
 * `signData`/`paySig`/`signature` made here; delivery arrives as the `xpay_goods_deliver_notify` /
 * `xpay_coin_pay_notify` message push (handled by OrderDeliveryService.onXpayPush).
 *
 * Signatures (hex HMAC-SHA256, over the exact bytes sent):
 * - paySig    = HMAC(AppKey of env, "requestVirtualPayment&" + signData)
 * - signature = HMAC(session_key, signData)
 * - server API pay_sig = HMAC(AppKey, "/xpay/<api>&" + body)
 */
import { createHmac } from 'crypto';
import type { PaymentParams } from '@app/shared';
import type { XpayConfig } from '../config/payments';
import { ChannelOrder, ChannelPayment, ChannelRefund, PayerContext, PaymentChannel, PaymentChannelError } from './channel';

const hmac = (key: string, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest('hex');

export function xpayPaySig(appKey: string, signData: string): string {
  return hmac(appKey, `requestVirtualPayment&${signData}`);
}

export function xpayUserSignature(sessionKey: string, signData: string): string {
  return hmac(sessionKey, signData);
}

export function xpayApiSig(appKey: string, uri: string, body: string): string {
  return hmac(appKey, `${uri}&${body}`);
}

/** query_order `order.status` values meaning the user has paid (2 paid/awaiting delivery, 3 delivering, 4 delivered). */
const PAID_STATES = new Set([2, 3, 4]);

export interface XpayDeps {
  accessToken: () => Promise<string>;
}

export class WechatVirtualChannel implements PaymentChannel {
  readonly name = 'wechat_virtual' as const;
  readonly simulated: boolean;

  /** `simulated`: the config and access token are the payment simulator's (src/simulator/xpay.sim.ts) */
  constructor(
    private readonly cfg: XpayConfig,
    private readonly deps?: XpayDeps,
    simulated = false,
  ) {
    this.simulated = simulated;
  }

  private get appKey(): string {
    return this.cfg.env === 1 ? this.cfg.appKeySandbox : this.cfg.appKeyProd;
  }

  async create(order: ChannelOrder, payer: PayerContext): Promise<PaymentParams> {
    if (!payer.sessionKey) throw new PaymentChannelError('wechat_virtual', 'a fresh session_key is needed (send loginCode)');
    const goods = this.cfg.mode === 'short_series_goods';
    const signData = JSON.stringify({
      offerId: this.cfg.offerId,
      buyQuantity: goods ? 1 : order.credits,
      env: this.cfg.env,
      currencyType: 'CNY',
      ...(goods ? { productId: order.packageId, goodsPrice: order.priceFen } : {}),
      outTradeNo: order.outTradeNo,
      attach: order.packageId,
    });
    return {
      channel: 'wechat_virtual',
      mode: this.cfg.mode,
      signData,
      paySig: xpayPaySig(this.appKey, signData),
      signature: xpayUserSignature(payer.sessionKey, signData),
    };
  }

  async query(outTradeNo: string, payer?: { openid?: string }): Promise<ChannelPayment> {
    const r = await this.api<{ order?: { status?: number; paid_fee?: number; paid_time?: number; wx_order_id?: string; wxpay_order_id?: string } }>(
      '/xpay/query_order',
      { openid: payer?.openid ?? '', env: this.cfg.env, order_id: outTradeNo },
    );
    const o = r.order ?? {};
    const paid = PAID_STATES.has(o.status ?? -1);
    return {
      outTradeNo,
      state: paid ? 'PAID' : 'NOTPAY',
      transactionId: o.wx_order_id ?? o.wxpay_order_id,
      paidFen: paid ? o.paid_fee : undefined,
      paidAt: o.paid_time ? new Date(o.paid_time * 1000) : undefined,
      raw: r,
    };
  }

  async refund(order: { outTradeNo: string; priceFen: number; refundNo: string; openid?: string }): Promise<ChannelRefund> {
    const r = await this.api<{ refund_order_id?: string; refund_wx_order_id?: string }>('/xpay/refund_order', {
      openid: order.openid ?? '',
      order_id: order.outTradeNo,
      refund_order_id: order.refundNo,
      left_fee: order.priceFen,
      refund_fee: order.priceFen,
      biz_meta: '',
      refund_reason: '0',
      req_from: '2',
      env: this.cfg.env,
    });
    return { refundId: r.refund_wx_order_id ?? r.refund_order_id ?? order.refundNo, raw: r };
  }

  private async api<T>(uri: string, payload: unknown): Promise<T & { errcode?: number; errmsg?: string }> {
    if (!this.deps) throw new PaymentChannelError('wechat_virtual', 'no access token source');
    const body = JSON.stringify(payload);
    const token = await this.deps.accessToken();
    const q = new URLSearchParams({ access_token: token, pay_sig: xpayApiSig(this.appKey, uri, body) });
    const res = await fetch(`${this.cfg.apiBase}${uri}?${q}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      signal: AbortSignal.timeout(10000),
    });
    if (!res.ok) throw new PaymentChannelError('wechat_virtual', `HTTP ${res.status}`, { status: res.status });
    const parsed = (await res.json()) as T & { errcode?: number; errmsg?: string };
    if (parsed.errcode)
      throw new PaymentChannelError('wechat_virtual', `xpay ${uri}: ${parsed.errcode} ${parsed.errmsg ?? ''}`, { code: String(parsed.errcode) });
    return parsed;
  }
}
