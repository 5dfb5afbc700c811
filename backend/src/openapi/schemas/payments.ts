/** Orders for credit packages: the user's orders and how to pay, the channels' notifications, the admins' view. */
import {
  AdminOrderDetail,
  AdminOrderRow,
  CREDIT_PACKAGES,
  CreateOrderResult,
  ORDER_STATUSES,
  OrderEventView,
  OrderView,
  PAYMENT_CHANNELS,
  PaymentOptionsResult,
  PaymentParams,
  RevenueDay,
} from '@app/shared';
import { appOk, arrayOf, bool, day, int, nullable, obj, oneOfStrings, pageOf, paged, ref, Schema, str, T0, T1, time } from './common';
import { creditPackage } from './credits';

type Variant<C> = Extract<PaymentParams, { channel: C }>;
const channel = oneOfStrings(PAYMENT_CHANNELS);
const only = (value: string) => oneOfStrings([value]);

const orderFields: { [K in keyof OrderView]: Schema } = {
  outTradeNo: str,
  packageId: str,
  packageName: str,
  credits: int,
  priceFen: int,
  channel,
  status: oneOfStrings(ORDER_STATUSES),
  simulated: bool,
  createdAt: time,
  expiresAt: time,
  paidAt: nullable(time),
  deliveredAt: nullable(time),
  refundedAt: nullable(time),
  refundedCredits: int,
};
const adminRowFields: { [K in keyof AdminOrderRow]: Schema } = { ...orderFields, userId: int, phone: nullable(str), transactionId: nullable(str), alert: bool };
const payment: Schema = {
  oneOf: [
    obj<Variant<'simulator'>>({ channel: only('simulator'), payUrl: str }),
    obj<Variant<'wechatpay_native'>>({ channel: only('wechatpay_native'), codeUrl: str, qrDataUrl: str, scanUrl: str }, ['scanUrl']),
    obj<Variant<'wechat_virtual'>>({
      channel: only('wechat_virtual'),
      mode: oneOfStrings(['short_series_goods', 'short_series_coin']),
      signData: str,
      paySig: str,
      signature: str,
    }),
  ],
};

const ORDER_EXAMPLE: OrderView = {
  outTradeNo: 'BQ20260101080000abcdef',
  packageId: 'pkg_100',
  packageName: '体验包',
  credits: 100,
  priceFen: 990,
  channel: 'simulator',
  status: 'DELIVERED',
  simulated: true,
  createdAt: T0,
  expiresAt: '2026-01-01T08:30:00.000Z',
  paidAt: T1,
  deliveredAt: T1,
  refundedAt: null,
  refundedCredits: 0,
};
const CREATED_EXAMPLE: CreateOrderResult = {
  order: { ...ORDER_EXAMPLE, status: 'CREATED', paidAt: null, deliveredAt: null },
  payment: { channel: 'simulator', payUrl: 'http://127.0.0.1:7002/pay/BQ20260101080000abcdef' },
};
const OPTIONS_EXAMPLE: PaymentOptionsResult = { packages: CREDIT_PACKAGES, channels: [{ name: 'simulator', simulated: true }] };
const ADMIN_ROW_EXAMPLE: AdminOrderRow = { ...ORDER_EXAMPLE, userId: 2, phone: '13800000000', transactionId: 'sim_4200001', alert: false };
const DETAIL_EXAMPLE: AdminOrderDetail = {
  ...ADMIN_ROW_EXAMPLE,
  unspentCredits: 100,
  events: [{ source: 'notify', outcome: 'delivered', note: '', raw: '{"state":"PAID"}', createdAt: T1 }],
};
const REVENUE_EXAMPLE: RevenueDay[] = [{ day: '2026-01-01', orders: 1, paidFen: 990, refundedFen: 0 }];

export const PAYMENT_SCHEMAS: Record<string, Schema> = {
  OrderView: obj<OrderView>(orderFields),
  OrderOk: appOk(ref('OrderView'), ORDER_EXAMPLE),
  OrderPageOk: appOk(paged(ref('OrderView')), pageOf(ORDER_EXAMPLE)),
  OrderCreatedOk: appOk(obj<CreateOrderResult>({ order: ref('OrderView'), payment }), CREATED_EXAMPLE, '订单已创建'),
  PaymentOptionsOk: appOk(
    obj<PaymentOptionsResult>({
      packages: arrayOf(creditPackage),
      channels: arrayOf(obj<PaymentOptionsResult['channels'][number]>({ name: channel, simulated: bool })),
    }),
    OPTIONS_EXAMPLE,
  ),
  /** what WeChat Pay v3 (and the payment simulator, which copies it) expects back from a notification */
  PaymentNotifyAck: {
    ...obj<{ code: 'SUCCESS'; message: string }>({ code: only('SUCCESS'), message: str }),
    example: { code: 'SUCCESS', message: '' },
  },
  AdminOrderPageOk: appOk(paged(obj<AdminOrderRow>(adminRowFields)), pageOf(ADMIN_ROW_EXAMPLE)),
  AdminOrderDetailOk: appOk(
    obj<AdminOrderDetail>({
      ...adminRowFields,
      events: arrayOf(obj<OrderEventView>({ source: str, outcome: str, note: str, raw: nullable(str), createdAt: time })),
      unspentCredits: int,
    }),
    DETAIL_EXAMPLE,
  ),
  RevenueOk: appOk(arrayOf(obj<RevenueDay>({ day, orders: int, paidFen: int, refundedFen: int })), REVENUE_EXAMPLE),
};
