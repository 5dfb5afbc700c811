/** Orders for credit packages: statuses, channels and the order API's shapes. Prices in fen (1/100 CNY). */

export type PaymentChannelName = 'wechat_virtual' | 'wechatpay_native' | 'simulator';
export const PAYMENT_CHANNELS: readonly PaymentChannelName[] = ['wechat_virtual', 'wechatpay_native', 'simulator'];

/** CREATED → PAID → DELIVERED; CREATED → CLOSED (unpaid past its expiry); DELIVERED → REFUNDED. */
export type OrderStatus = 'CREATED' | 'PAID' | 'DELIVERED' | 'CLOSED' | 'REFUNDED';
export const ORDER_STATUSES: readonly OrderStatus[] = ['CREATED', 'PAID', 'DELIVERED', 'CLOSED', 'REFUNDED'];

export interface OrderView {
  outTradeNo: string;
  packageId: string;
  packageName: string;
  credits: number;
  priceFen: number;
  channel: PaymentChannelName;
  status: OrderStatus;
  /** true when the channel is the local payment simulator (no real money) */
  simulated: boolean;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  deliveredAt: string | null;
  refundedAt: string | null;
  /** credits taken back by a refund */
  refundedCredits: number;
}

/** What the client needs to pay, by channel. */
export type PaymentParams =
  | { channel: 'simulator'; payUrl: string }
  /** qrDataUrl: code_url as a PNG data URL to show; scanUrl: only from the payment simulator, its stand-in for scanning */
  | { channel: 'wechatpay_native'; codeUrl: string; qrDataUrl: string; scanUrl?: string }
  | { channel: 'wechat_virtual'; mode: 'short_series_goods' | 'short_series_coin'; signData: string; paySig: string; signature: string };

export interface CreateOrderResult {
  order: OrderView;
  payment: PaymentParams;
}

export interface PaymentOptionsResult {
  packages: Array<{ id: string; name: string; credits: number; priceFen: number }>;
  channels: Array<{ name: PaymentChannelName; simulated: boolean }>;
}

/** The admin console's order row and detail. */
export interface AdminOrderRow extends OrderView {
  userId: number;
  phone: string | null;
  transactionId: string | null;
  /** something an operator must look at (e.g. a notification with another amount) */
  alert: boolean;
}

export interface OrderEventView {
  source: string;
  outcome: string;
  note: string;
  /** the notification or answer as received (JSON text) */
  raw: string | null;
  createdAt: string;
}

export interface AdminOrderDetail extends AdminOrderRow {
  events: OrderEventView[];
  /** credits of this purchase not yet spent or held (what a refund takes back) */
  unspentCredits: number;
}

export interface RevenueDay {
  /** China-time day, YYYY-MM-DD */
  day: string;
  orders: number;
  /** paid and delivered (refunds not subtracted) */
  paidFen: number;
  refundedFen: number;
}
