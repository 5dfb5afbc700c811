/** Change-password form (pure). */
import { validatePassword } from '../../utils/validate'

export function passwordChangeErrors(password: string, confirmation: string) {
  return {
    password: validatePassword(password),
    confirmation: !confirmation ? '请再输入一次新密码' : confirmation !== password ? '两次输入的密码不一致' : null,
  }
}
