/**
 * The payment simulator's 小程序虚拟支付 (xpay) part, so the server half of the real `wechat_virtual` channel
 * runs offline. It generates an AppKey and an access token at start and hands them to the channel.
 *
 * - the client half, `wx.requestVirtualPayment`, cannot run outside WeChat: `requestVirtualPayment` stands in
 *   for it (paySig = HMAC-SHA256(AppKey, "requestVirtualPayment&" + signData) and, when the session_key is
 *   known, signature = HMAC-SHA256(session_key, signData) are checked), marks the order paid and sends the
 *   `xpay_goods_deliver_notify` (or `xpay_coin_pay_notify`) message push;
 * - POST /xpay/query_order and /xpay/refund_order?access_token=…&pay_sig=… with
 *   pay_sig = HMAC-SHA256(AppKey, uri + "&" + body) over the exact body; a wrong signature or token is refused
 *   with an errcode, an unknown order answers 268490002 数据不存在 (as WeChat does);
 * - the push is a JSON message-push POST signed through one helper (`signPush`, given by the app: today the
 *   plain-mode sha1 of the sorted token, timestamp and nonce).
 */
import { createHmac, randomBytes } from 'crypto';
import { SimResponse, isObject, json, text } from './sim-http';

export interface XpaySimCredentials {
  offerId: string;
  appKey: string;
  accessToken: string;
}

export interface SimXpayOrder {
  outTradeNo: string;
  openid: string;
  env: number;
  productId: string;
  priceFen: number;
  quantity: number;
  attach: string;
  /** query_order status: 2 paid (to deliver), 4 delivered, 5 refunded */
  status: number;
  wxOrderId: string;
  paidTime: number;
  mode: 'goods' | 'coin';
}

/** How the message push is addressed and signed (the app's verification decides; see WechatPushController). */
export interface XpayPushTarget {
  url: string;
  /** query parameters that sign a push, e.g. { signature, timestamp, nonce } */
  signPush: () => Record<string, string>;
}

export interface XpayPushAttempt {
  outTradeNo: string;
  status: number | null;
  answer: string;
}

const hmac = (key: string, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest('hex');

export class XpaySim {
  readonly orders = new Map<string, SimXpayOrder>();
  readonly pushes: XpayPushAttempt[] = [];
  readonly credentials: XpaySimCredentials = {
    offerId: `SIM${randomBytes(4).toString('hex')}`,
    appKey: randomBytes(16).toString('hex'),
    accessToken: `SIM_ACCESS_TOKEN_${randomBytes(12).toString('hex')}`,
  };
  /** requests refused for their pay_sig or access token */
  badAuth = 0;
  private push?: XpayPushTarget;

  pushTo(target: XpayPushTarget | undefined): void {
    this.push = target;
  }

  /** The routes under /xpay; undefined for other paths. */
  handle(method: string, url: URL, body: string): SimResponse | undefined {
    const uri = url.pathname;
    if (!uri.startsWith('/xpay/')) return undefined;
    if (method !== 'POST') return json(405, { errcode: -1, errmsg: 'POST only' });
    if (url.searchParams.get('access_token') !== this.credentials.accessToken) {
      this.badAuth += 1;
      return json(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid (simulated)' });
    }
    if (url.searchParams.get('pay_sig') !== hmac(this.credentials.appKey, `${uri}&${body}`)) {
      this.badAuth += 1;
      return json(200, { errcode: 268435463, errmsg: 'pay_sig check failed (simulated)' });
    }
    let b: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(body);
      if (isObject(parsed)) b = parsed;
    } catch {
      return json(200, { errcode: 44002, errmsg: 'body is not JSON (simulated)' });
    }
    const o = this.orders.get(text(b.order_id) ?? '');
    if (uri === '/xpay/query_order') {
      if (!o || o.openid !== b.openid || o.env !== b.env) return json(200, { errcode: 268490002, errmsg: '数据不存在 (simulated)', order: null });
      return json(200, {
        errcode: 0,
        errmsg: 'ok',
        order: {
          order_id: o.outTradeNo,
          create_time: o.paidTime,
          update_time: o.paidTime,
          status: o.status,
          biz_type: 0,
          order_fee: o.priceFen,
          paid_fee: o.priceFen,
          order_type: 0,
          env_type: o.env,
          paid_time: o.paidTime,
          provide_time: o.paidTime,
          biz_meta: o.attach,
          wx_order_id: o.wxOrderId,
          channel_order_id: o.wxOrderId,
          wxpay_order_id: o.wxOrderId,
        },
      });
    }
    if (uri === '/xpay/refund_order') {
      if (!o || o.openid !== b.openid) return json(200, { errcode: 268490002, errmsg: '数据不存在 (simulated)' });
      if (o.status === 5) return json(200, { errcode: 268490004, errmsg: 'order already refunded (simulated)' });
      if (b.refund_fee !== o.priceFen || b.left_fee !== o.priceFen || !text(b.refund_order_id))
        return json(200, { errcode: 268490003, errmsg: 'refund fee does not match (simulated)' });
      o.status = 5;
      return json(200, {
        errcode: 0,
        errmsg: 'ok',
        refund_order_id: b.refund_order_id,
        refund_wx_order_id: `R${o.wxOrderId}`,
        pay_order_id: o.outTradeNo,
        pay_wx_order_id: o.wxOrderId,
      });
    }
    return json(200, { errcode: -1, errmsg: `no such API ${uri} (simulated)` });
  }

  /**
   * Stands in for the user confirming `wx.requestVirtualPayment` in WeChat: checks the signatures, marks the
   * order paid, sends the delivery push (unless `push: false`, a lost push) and returns the order.
   */
  async requestVirtualPayment(
    p: { signData: string; paySig: string; signature: string; openid: string; sessionKey?: string },
    opts: { push?: boolean } = {},
  ): Promise<SimXpayOrder> {
    if (p.paySig !== hmac(this.credentials.appKey, `requestVirtualPayment&${p.signData}`)) throw new Error('paySig does not verify');
    if (p.sessionKey && p.signature !== hmac(p.sessionKey, p.signData)) throw new Error('signature does not verify with the session_key');
    const d = JSON.parse(p.signData) as {
      offerId?: string;
      buyQuantity?: number;
      env?: number;
      productId?: string;
      goodsPrice?: number;
      outTradeNo?: string;
      attach?: string;
    };
    if (d.offerId !== this.credentials.offerId || !d.outTradeNo) throw new Error('signData has another offerId or no outTradeNo');
    const existing = this.orders.get(d.outTradeNo);
    if (existing) return existing;
    const o: SimXpayOrder = {
      outTradeNo: d.outTradeNo,
      openid: p.openid,
      env: d.env ?? 0,
      productId: d.productId ?? '',
      priceFen: d.goodsPrice ?? d.buyQuantity ?? 0,
      quantity: d.buyQuantity ?? 1,
      attach: d.attach ?? '',
      status: 2,
      wxOrderId: `SIMWX${Date.now()}${randomBytes(3).toString('hex')}`,
      paidTime: Math.floor(Date.now() / 1000),
      mode: d.productId ? 'goods' : 'coin',
    };
    this.orders.set(o.outTradeNo, o);
    if (opts.push !== false) await this.sendPush(o);
    return o;
  }

  /** POSTs the delivery push once; the order counts as delivered when the app answers ErrCode 0. */
  async sendPush(o: SimXpayOrder): Promise<XpayPushAttempt> {
    const attempt: XpayPushAttempt = { outTradeNo: o.outTradeNo, status: null, answer: '' };
    if (this.push) {
      try {
        const res = await fetch(`${this.push.url}?${new URLSearchParams(this.push.signPush())}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(this.pushBody(o)),
          signal: AbortSignal.timeout(10000),
        });
        attempt.status = res.status;
        attempt.answer = await res.text();
        if (res.ok && /"ErrCode":0\b/.test(attempt.answer)) o.status = 4;
      } catch (e) {
        attempt.answer = (e as Error).message;
      }
    } else attempt.answer = 'no push target (WECHAT_PUSH_TOKEN unset): the order is left to the query';
    this.pushes.push(attempt);
    return attempt;
  }

  /** The message-push JSON of xpay_goods_deliver_notify / xpay_coin_pay_notify. */
  pushBody(o: SimXpayOrder): Record<string, unknown> {
    const goods = o.mode === 'goods';
    return {
      ToUserName: 'gh_simulated',
      FromUserName: o.openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: goods ? 'xpay_goods_deliver_notify' : 'xpay_coin_pay_notify',
      OpenId: o.openid,
      OutTradeNo: o.outTradeNo,
      Env: o.env,
      WeChatPayInfo: { MchOrderNo: o.outTradeNo, TransactionId: o.wxOrderId, PaidTime: o.paidTime },
      [goods ? 'GoodsInfo' : 'CoinInfo']: goods
        ? { ProductId: o.productId, Quantity: o.quantity, OrigPrice: o.priceFen, ActualPrice: o.priceFen, Attach: o.attach }
        : { Quantity: o.quantity, OrigPrice: o.priceFen, ActualPrice: o.priceFen, Attach: o.attach },
    };
  }
}
