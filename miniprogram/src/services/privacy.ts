/**
 * WeChat's privacy authorization (weapp, base library ≥ 2.32.3). Since 2023-10-17 WeChat checks every
 * privacy API (phone number button, chooseMedia …) whatever `__usePrivacyCheck__` says: until the user has
 * agreed to the mini-program's privacy guide, the call waits and `wx.onNeedPrivacyAuthorization` fires.
 * We answer with our own popup (components/PrivacyPopup): the user taps a
 * `<Button openType='agreePrivacyAuthorization' id={PRIVACY_AGREE_BUTTON_ID}>`, then we call
 * `resolve({ event: 'agree', buttonId })` and the waiting call goes on; "不同意" resolves `disagree` and the
 * call fails with "privacy permission is not authorized".
 * See https://developers.weixin.qq.com/miniprogram/dev/api/open-api/privacy/wx.onNeedPrivacyAuthorization.html
 * H5 has no such gate: the login page's consent checkbox covers it.
 */
import Taro from '@tarojs/taro'

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree-btn'

type Resolve = Parameters<Parameters<typeof Taro.onNeedPrivacyAuthorization>[0]>[0]
type Listener = (open: boolean) => void

let pending: Resolve | null = null
const listeners = new Set<Listener>()

/** Once, at launch (app.ts). Does nothing outside weapp or on an old base library. */
export function installPrivacyAuthorization(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  Taro.onNeedPrivacyAuthorization(resolve => {
    pending = resolve
    resolve({ event: 'exposureAuthorization' })
    listeners.forEach(l => l(true))
  })
}

/** The popup listens here: `true` when WeChat asks, `false` once answered. Returns the unsubscribe. */
export function onPrivacyRequest(listener: Listener): () => void {
  listeners.add(listener)
  if (pending) listener(true)
  return () => listeners.delete(listener)
}

/** Call from the agree button's `onAgreePrivacyAuthorization` (agree) or the 不同意 button. */
export function answerPrivacy(agree: boolean): void {
  pending?.(agree ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' })
  pending = null
  listeners.forEach(l => l(false))
}
