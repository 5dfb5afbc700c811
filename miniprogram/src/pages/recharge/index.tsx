import { useCallback, useEffect, useRef, useState } from 'react'
import { View, Text, Button, Image } from '@tarojs/components'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import type { OrderView, PaymentChannelName, PaymentOptionsResult, PaymentParams } from '@app/shared'
import PageState from '../../components/PageState'
import SimulatedHint from '../../components/SimulatedHint'
import { ORDER_POLL_MS, ORDER_WAIT_MS, PENDING_ORDER_KEY, ROUTES } from '../../constants'
import { usePagedList } from '../../hooks/usePagedList'
import { Api } from '../../services/api'
import { isLoggedIn } from '../../services/auth'
import { errorMessage } from '../../services/errors'
import { showError, toast } from '../../services/feedback'
import { goAuthed } from '../../services/nav'
import { formatCredits, formatRelativeTime } from '../../utils/format'
import { startPolling, type Poller } from '../../utils/poll'
import { ORDER_STATUS_TEXT, WaitState, creditsPerYuan, formatYuan, payFailureMessage, pickChannel, waitStateOf } from './helper'
import './index.scss'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'
const IS_H5 = process.env.TARO_ENV === 'h5'

interface VirtualPaymentOptions {
  signData: string
  paySig: string
  signature: string
  mode: string
  success: () => void
  fail: (e: { errMsg?: string; errCode?: number }) => void
}
declare const wx: { requestVirtualPayment?: (o: VirtualPaymentOptions) => void } | undefined

/** 小程序虚拟支付 (base library ≥ 2.19.2); resolves on the client's success callback, which proves nothing by itself. */
function requestVirtualPayment(p: Extract<PaymentParams, { channel: 'wechat_virtual' }>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (typeof wx === 'undefined' || !wx.requestVirtualPayment) {
      reject(new Error('当前微信版本不支持虚拟支付，请升级微信'))
      return
    }
    wx.requestVirtualPayment({
      signData: p.signData,
      paySig: p.paySig,
      signature: p.signature,
      mode: p.mode,
      success: () => resolve(),
      fail: e => reject(new Error(payFailureMessage(e?.errMsg))),
    })
  })
}

export default function RechargePage() {
  const [options, setOptions] = useState<PaymentOptionsResult | null>(null)
  const [optionsError, setOptionsError] = useState('')
  const [selected, setSelected] = useState('')
  const [paying, setPaying] = useState(false)
  const [waiting, setWaiting] = useState<{ order: OrderView; state: WaitState } | null>(null)
  const [qr, setQr] = useState<Extract<PaymentParams, { channel: 'wechatpay_native' }> | null>(null)
  const [balance, setBalance] = useState<number | null>(null)
  const poller = useRef<Poller | null>(null)
  const orders = usePagedList(
    (page, size) => Api.listOrders(page, size),
    (o: OrderView) => o.outTradeNo,
  )
  const loadOrders = orders.load

  const loadBalance = useCallback(async () => {
    try {
      setBalance((await Api.credits()).available)
    } catch (err) {
      console.warn('credits unavailable', err)
    }
  }, [])

  /** Wait for delivery (not for the client's success callback): poll the order until DELIVERED, CLOSED or the time is up. */
  const waitFor = useCallback(
    (outTradeNo: string) => {
      poller.current?.stop()
      const started = Date.now()
      poller.current = startPolling({
        fetch: () => Api.getOrder(outTradeNo),
        intervalMs: ORDER_POLL_MS,
        isDone: o => waitStateOf(o, Date.now() - started, ORDER_WAIT_MS) !== 'waiting',
        onUpdate: o => setWaiting({ order: o, state: waitStateOf(o, Date.now() - started, ORDER_WAIT_MS) }),
        onDone: o => {
          Taro.removeStorageSync(PENDING_ORDER_KEY)
          setQr(null)
          if (o.status === 'DELIVERED') void loadBalance()
          void loadOrders(1)
        },
      })
    },
    [loadBalance, loadOrders],
  )

  useDidShow(() => {
    if (!isLoggedIn()) return
    Api.paymentOptions()
      .then(o => {
        setOptions(o)
        setSelected(s => s || o.packages[0]?.id || '')
      })
      .catch(err => setOptionsError(errorMessage(err)))
    void loadBalance()
    void loadOrders(1)
    const pending: unknown = Taro.getStorageSync(PENDING_ORDER_KEY)
    if (typeof pending === 'string' && pending) waitFor(pending)
  })
  useReachBottom(() => {
    if (orders.more && !orders.loading) void loadOrders(orders.list.page + 1)
  })
  useEffect(() => () => poller.current?.stop(), [])

  if (!isLoggedIn()) {
    return (
      <View className="page" data-testid="recharge-page">
        <PageState kind="empty" title="登录后充值积分" actionText="去登录" onAction={() => goAuthed(ROUTES.recharge)} testId="recharge-login" />
      </View>
    )
  }

  // a simulated wechat_virtual has only the server half: real WeChat refuses the simulator's offerId, so weapp
  // uses the plain simulator pay page then
  const usable = options?.channels.filter(c => !(c.name === 'wechat_virtual' && c.simulated)).map(c => c.name) ?? []
  const channel: PaymentChannelName | null = options ? pickChannel(IS_WEAPP, usable) : null
  const simulated = !!options?.channels.find(c => c.name === channel)?.simulated

  const pay = async () => {
    if (!channel || !selected || paying) return
    setPaying(true)
    try {
      const loginCode = channel === 'wechat_virtual' ? (await Taro.login()).code : undefined
      const returnUrl = IS_H5 ? `${window.location.origin}${window.location.pathname}#${ROUTES.recharge}` : undefined
      const { order, payment } = await Api.createOrder({ packageId: selected, channel, loginCode, returnUrl })
      if (payment.channel === 'wechat_virtual') {
        await requestVirtualPayment(payment)
        waitFor(order.outTradeNo)
      } else if (payment.channel === 'simulator' && IS_H5) {
        // leave for the simulator's pay page; it sends the browser back here, where the wait resumes
        Taro.setStorageSync(PENDING_ORDER_KEY, order.outTradeNo)
        window.location.href = payment.payUrl
      } else if (payment.channel === 'simulator') {
        await Taro.setClipboardData({ data: payment.payUrl })
        toast('模拟支付链接已复制，请在浏览器中打开')
        waitFor(order.outTradeNo)
      } else {
        // WeChat Pay Native: show code_url as a QR code (a PNG made by the backend) and wait for delivery
        setQr(payment)
        waitFor(order.outTradeNo)
      }
    } catch (err) {
      if (err instanceof Error && !('code' in err)) toast(err.message)
      else showError(err)
    } finally {
      setPaying(false)
    }
  }

  return (
    <View className="page recharge-page" data-testid="recharge-page">
      <View className="card">
        <Text className="muted">可用积分 </Text>
        <Text data-testid="recharge-balance">{formatCredits(balance)}</Text>
      </View>

      {waiting ? (
        <View className="card recharge-status" data-testid="recharge-status" data-state={waiting.state}>
          <Text className="recharge-status__title" data-testid="recharge-status-title">
            {waiting.state === 'delivered'
              ? `已到账 ${waiting.order.credits} 积分`
              : waiting.state === 'closed'
                ? '订单已关闭，未扣款'
                : waiting.state === 'timeout'
                  ? '暂未确认到账，稍后可在订单记录中查看'
                  : '正在确认支付结果…'}
          </Text>
          <Text className="muted">{`${waiting.order.packageName} · ${formatYuan(waiting.order.priceFen)}`}</Text>
          {waiting.state !== 'waiting' ? (
            <Button className="btn btn-ghost btn-small" onClick={() => setWaiting(null)} data-testid="recharge-status-close">
              知道了
            </Button>
          ) : null}
        </View>
      ) : null}

      {qr ? (
        <View className="card recharge-qr" data-testid="recharge-qr">
          <Text>请使用微信扫一扫完成支付</Text>
          <Image className="recharge-qr__image" src={qr.qrDataUrl} mode="aspectFit" data-testid="recharge-qr-image" />
          {qr.scanUrl ? (
            <Text className="link recharge-qr__scan" onClick={() => window.open(qr.scanUrl, '_blank')} data-testid="recharge-qr-scan">
              模拟扫码支付（本地模拟器，不会真实扣款）
            </Text>
          ) : null}
        </View>
      ) : null}

      <SimulatedHint providers={simulated ? ['payments'] : []} text="未配置商户密钥，支付由本地模拟器完成，不会真实扣款" testId="recharge-simulated" />

      <Text className="section-title">选择套餐</Text>
      {optionsError ? <PageState kind="error" compact title={optionsError} testId="recharge-error" /> : null}
      {!options && !optionsError ? <PageState kind="loading" compact testId="recharge-loading" /> : null}
      <View className="recharge-packages">
        {options?.packages.map(p => (
          <View
            key={p.id}
            className={`recharge-package ${p.id === selected ? 'is-selected' : ''}`}
            onClick={() => setSelected(p.id)}
            data-testid={`recharge-package-${p.id}`}
          >
            <Text className="recharge-package__name">{p.name}</Text>
            <Text className="recharge-package__credits">{p.credits} 积分</Text>
            <Text className="recharge-package__price">{formatYuan(p.priceFen)}</Text>
            <Text className="recharge-package__rate">{creditsPerYuan(p.credits, p.priceFen)}</Text>
          </View>
        ))}
      </View>
      {options && !channel ? <Text className="muted">暂无可用的支付方式</Text> : null}
      <Button
        className={`btn btn-primary ${!channel || paying ? 'is-disabled' : ''}`}
        disabled={!channel || paying}
        onClick={() => void pay()}
        data-testid="recharge-pay"
      >
        {paying ? '正在下单…' : '立即支付'}
      </Button>

      <Text className="section-title">订单记录</Text>
      <View className="card" data-testid="orders">
        {orders.list.items.map(o => (
          <View key={o.outTradeNo} className="order-row" data-testid="order-row" data-status={o.status}>
            <View className="order-row__main">
              <Text>{`${o.packageName} · ${o.credits} 积分${o.simulated ? '（模拟）' : ''}`}</Text>
              <Text className="muted">{formatRelativeTime(o.createdAt)}</Text>
            </View>
            <View className="order-row__side">
              <Text>{formatYuan(o.priceFen)}</Text>
              <Text className="muted" data-testid="order-status">
                {ORDER_STATUS_TEXT[o.status]}
              </Text>
            </View>
          </View>
        ))}
        {!orders.loading && orders.list.page > 0 && orders.list.items.length === 0 ? (
          <PageState kind="empty" compact title="还没有订单" testId="orders-empty" />
        ) : null}
        {orders.error ? <PageState kind="error" compact title={orders.error} onAction={() => void loadOrders(1)} testId="orders-error" /> : null}
      </View>
    </View>
  )
}
