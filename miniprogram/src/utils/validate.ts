/** Form validation (pure). Each returns a Chinese message, or null when the value is fine. */
import { CAPTION_MAX_LENGTH, PASSWORD_MIN_LENGTH, PHONE_PATTERN, SMS_CODE_LENGTH } from '../constants'

/** Length in user-perceived characters (an emoji counts once). */
export function charCount(text: string): number {
  return Array.from(text).length
}

export function validatePhone(phone: string): string | null {
  const value = phone.trim()
  if (!value) return '请输入手机号'
  if (!PHONE_PATTERN.test(value)) return '请输入正确的 11 位手机号'
  return null
}

export function validatePassword(password: string): string | null {
  if (!password) return '请输入密码'
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位`
  return null
}

export function validateSmsCode(code: string): string | null {
  const value = code.trim()
  if (!value) return '请输入验证码'
  if (!new RegExp(`^\\d{${SMS_CODE_LENGTH}}$`).test(value)) return `验证码为 ${SMS_CODE_LENGTH} 位数字`
  return null
}

export function validateCaption(caption: string, max: number = CAPTION_MAX_LENGTH): string | null {
  if (charCount(caption.trim()) > max) return `配字最多 ${max} 个字`
  return null
}

export function validateRequired(value: string, label: string, max?: number): string | null {
  const trimmed = value.trim()
  if (!trimmed) return `请填写${label}`
  if (max !== undefined && charCount(trimmed) > max) return `${label}最多 ${max} 个字`
  return null
}

/** true when every field's error is null */
export function isValid(errors: object): boolean {
  return Object.values(errors).every(value => value === null)
}

/**
 * A text box with `maxlength` drops whatever does not fit (a long paste is cut without a word): once the
 * text is at the limit, say so next to the field.
 */
export function limitNote(text: string, max: number): string | undefined {
  return charCount(text) >= max ? `已达 ${max} 字上限，超出的部分没有填入` : undefined
}
