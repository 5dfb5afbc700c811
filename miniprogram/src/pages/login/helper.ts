/** Login page logic (pure). */
import { validatePassword, validatePhone, validateSmsCode } from '../../utils/validate'

export type LoginTab = 'sms' | 'password'
export type PasswordMode = 'login' | 'register'

export const CONSENT_REQUIRED = '请先阅读并勾选同意《用户协议》和《隐私政策》'

/** Why the user landed on the login page, from its `?reason=` (set by the app, not by the server). */
export function loginReasonText(reason: string | undefined): string | null {
  if (reason === 'password-changed') return '密码已修改，请用新密码重新登录'
  if (reason === 'account-deleted') return '账号已注销，相关照片、表情和个人信息已删除'
  return null
}

export function countdownLabel(remaining: number): string {
  return remaining > 0 ? `${remaining} 秒后重发` : '获取验证码'
}

export interface FieldErrors {
  phone: string | null
  secret: string | null
}

export function smsErrors(phone: string, code: string): FieldErrors {
  return { phone: validatePhone(phone), secret: validateSmsCode(code) }
}

export function passwordErrors(phone: string, password: string): FieldErrors {
  return { phone: validatePhone(phone), secret: validatePassword(password) }
}

export function hasErrors(errors: FieldErrors): boolean {
  return errors.phone !== null || errors.secret !== null
}

/**
 * Show a field's rule violation inline once the user has finished with it (blurred), has typed a
 * full-length value, or has pressed submit; an untouched empty field stays quiet.
 */
export function visibleError(error: string | null, state: { value: string; blurred: boolean; submitted: boolean; fullLength?: number }): string | null {
  if (!error) return null
  if (state.submitted || state.blurred) return error
  if (state.fullLength !== undefined && state.value.length >= state.fullLength) return error
  return null
}

/** Only digits, at most `max` of them (phone and SMS code inputs). */
export function digitsOnly(value: string, max: number): string {
  return value.replace(/\D/g, '').slice(0, max)
}
