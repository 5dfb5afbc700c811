/** Change-password form (pure). */
import { validatePassword, validateSmsCode } from '../../utils/validate'

/** How the user proves it is them: the current password, or an SMS code to the account's phone. */
export type PasswordProof = 'password' | 'sms'

export function passwordChangeErrors(password: string, confirmation: string) {
  return {
    password: validatePassword(password),
    confirmation: !confirmation ? '请再输入一次新密码' : confirmation !== password ? '两次输入的密码不一致' : null,
  }
}

/** The proof field's error: the current password must be given, an SMS code must have its 6 digits. */
export function proofError(proof: PasswordProof, secret: string): string | null {
  if (proof === 'sms') return validateSmsCode(secret)
  return secret ? null : '请输入当前密码'
}

/** Accounts without a password (SMS or WeChat sign-in) can only prove it by SMS; undefined: the profile is not loaded yet. */
export function proofChoices(hasPassword: boolean | undefined): PasswordProof[] {
  return hasPassword === false ? ['sms'] : ['password', 'sms']
}
