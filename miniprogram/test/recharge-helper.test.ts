import { creditsPerYuan, formatYuan, payFailureMessage, pickChannel, waitStateOf } from '../src/pages/recharge/helper'

describe('recharge page helpers', () => {
  it('formats prices and value for money', () => {
    expect(formatYuan(990)).toBe('¥9.90')
    expect(creditsPerYuan(100, 990)).toBe('10.1 积分/元')
    expect(creditsPerYuan(3000, 19990)).toBe('15.0 积分/元')
  })

  it('pays with xpay in the mini-program and Native (else the simulator) on the web', () => {
    expect(pickChannel(true, ['simulator', 'wechat_virtual'])).toBe('wechat_virtual')
    expect(pickChannel(false, ['simulator', 'wechat_virtual'])).toBe('simulator')
    expect(pickChannel(false, ['wechatpay_native', 'simulator'])).toBe('wechatpay_native')
    expect(pickChannel(true, ['wechatpay_native'])).toBeNull()
  })

  it('waits for delivery, not for the payment callback', () => {
    expect(waitStateOf({ status: 'CREATED' }, 1000, 5000)).toBe('waiting')
    expect(waitStateOf({ status: 'PAID' }, 1000, 5000)).toBe('waiting')
    expect(waitStateOf({ status: 'DELIVERED' }, 1000, 5000)).toBe('delivered')
    expect(waitStateOf({ status: 'CLOSED' }, 1000, 5000)).toBe('closed')
    expect(waitStateOf({ status: 'CREATED' }, 5000, 5000)).toBe('timeout')
  })

  it('tells a cancel from a failure', () => {
    expect(payFailureMessage('requestVirtualPayment:fail cancel')).toBe('已取消支付，未扣款')
    expect(payFailureMessage('requestVirtualPayment:fail')).toBe('支付未完成，请稍后重试')
  })
})
