/** How pages tell the user that something failed. */
import Taro from '@tarojs/taro'
import { ROUTES } from '../constants'
import { errorMessage, isApiError } from './errors'
import { go } from './nav'

/** Longer texts wrap badly in a toast and vanish before they are read: they go in a modal instead. */
export const TOAST_MAX_CHARS = 14

export function toast(title: string): void {
  if (title.length > TOAST_MAX_CHARS) {
    void Taro.showModal({ title: '提示', content: title, showCancel: false, confirmText: '知道了' })
    return
  }
  void Taro.showToast({ title, icon: 'none', duration: 2500 })
}

export function toastSuccess(title: string): void {
  void Taro.showToast({ title, icon: 'success', duration: 1500 })
}

/**
 * Show a caught error: nothing when the app already handled it (login redirect), a modal offering
 * the balance for INSUFFICIENT_CREDITS, a toast otherwise.
 */
export function showError(error: unknown): void {
  if (isApiError(error) && error.handled) return
  if (isApiError(error) && error.code === 'INSUFFICIENT_CREDITS') {
    void Taro.showModal({
      title: '积分不足',
      content: `${error.message}。充值后即可继续生成。`,
      confirmText: '去充值',
      cancelText: '知道了',
    }).then(res => {
      if (res.confirm) void go(ROUTES.recharge)
    })
    return
  }
  if (!isApiError(error)) console.error(error)
  toast(errorMessage(error))
}

export async function confirm(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  const res = await Taro.showModal({ title, content, confirmText, cancelText: '取消' })
  return res.confirm
}

/** 重试 / 重新生成 charge again: say how much before doing it. */
export function confirmRetry(credits: number): Promise<boolean> {
  return confirm('重新生成', `重新生成会再冻结 ${credits} 积分，做成才扣除，失败全部退回。`, `使用 ${credits} 积分`)
}
