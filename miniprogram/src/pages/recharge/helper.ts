/** Pure logic of the recharge page (unit-tested in test/recharge-helper.test.ts). */
import type { OrderStatus, OrderView, PaymentChannelName } from '@app/shared'

export function formatYuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`
}

/** Credits per yuan, one decimal ("10.1 积分/元"). */
export function creditsPerYuan(credits: number, priceFen: number): string {
  return `${(credits / (priceFen / 100)).toFixed(1)} 积分/元`
}

/**
 * Which channel this build pays with: the mini-program must use virtual payment (xpay) for credits;
 * the web page uses WeChat Pay Native when offered, else the local simulator.
 */
export function pickChannel(isWeapp: boolean, offered: PaymentChannelName[]): PaymentChannelName | null {
  const order: PaymentChannelName[] = isWeapp ? ['wechat_virtual', 'simulator'] : ['wechatpay_native', 'simulator']
  return order.find(c => offered.includes(c)) ?? null
}

export const ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  CREATED: '待支付',
  PAID: '已支付，积分发放中',
  DELIVERED: '已到账',
  CLOSED: '已关闭',
  REFUNDED: '已退款',
}

/** While the page waits after paying: still waiting, done (credits arrived) or over without credits. */
export type WaitState = 'waiting' | 'delivered' | 'closed' | 'timeout'

export function waitStateOf(order: Pick<OrderView, 'status'>, waitedMs: number, maxMs: number): WaitState {
  if (order.status === 'DELIVERED' || order.status === 'REFUNDED') return 'delivered'
  if (order.status === 'CLOSED') return 'closed'
  return waitedMs >= maxMs ? 'timeout' : 'waiting'
}

/** The message for a failed or cancelled `wx.requestVirtualPayment` (errMsg "requestVirtualPayment:fail cancel"). */
export function payFailureMessage(errMsg: string | undefined): string {
  if (errMsg && /cancel/i.test(errMsg)) return '已取消支付，未扣款'
  return '支付未完成，请稍后重试'
}
