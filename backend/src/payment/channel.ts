/**
 * The one payment-channel interface (shaped like src/provider/provider.ts). Each channel is one file:
 * `simulator.ts` (the local payment simulator, offline default), `wechat-virtual.ts` (小程序虚拟支付, xpay).
 * The order, its price and its credits are always ours; a channel only moves money and reports on it.
 */
import type { PaymentChannelName, PaymentParams } from '@app/shared';

export interface ChannelOrder {
  outTradeNo: string;
  priceFen: number;
  credits: number;
  packageId: string;
  description: string;
  expiresAt: Date;
}

/** What the paying client brings (xpay signs with the user's current session_key). */
export interface PayerContext {
  openid?: string;
  sessionKey?: string;
  /** where the simulator's pay page sends the browser back to */
  returnUrl?: string;
}

/** The channel's view of an order, from a query or a verified notification. */
export interface ChannelPayment {
  outTradeNo: string;
  state: 'NOTPAY' | 'PAID' | 'CLOSED' | 'REFUNDED';
  transactionId?: string;
  /** what was actually paid, in fen */
  paidFen?: number;
  paidAt?: Date;
  /** the parsed payload, kept in order_event for audit */
  raw: unknown;
}

export interface ChannelRefund {
  refundId: string;
  raw: unknown;
}

export class PaymentChannelError extends Error {
  constructor(
    readonly channel: PaymentChannelName,
    message: string,
    readonly details: { status?: number; code?: string } = {},
  ) {
    super(message);
    this.name = 'PaymentChannelError';
  }
}

export interface PaymentChannel {
  readonly name: PaymentChannelName;
  /** true when this channel talks to the local payment simulator */
  readonly simulated: boolean;
  /** Registers the order with the channel where needed and answers what the client needs to pay. */
  create(order: ChannelOrder, payer: PayerContext): Promise<PaymentParams>;
  /** The channel's state of the order (xpay needs the payer's openid). */
  query(outTradeNo: string, payer?: { openid?: string }): Promise<ChannelPayment>;
  refund(order: { outTradeNo: string; transactionId: string | null; priceFen: number; refundNo: string; openid?: string }): Promise<ChannelRefund>;
}
