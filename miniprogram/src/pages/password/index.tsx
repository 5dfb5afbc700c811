import { useEffect, useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import FormField from '../../components/FormField'
import { PASSWORD_MIN_LENGTH, ROUTES, SMS_CODE_LENGTH, SMS_RESEND_SECONDS } from '../../constants'
import { useCountdown } from '../../hooks/useCountdown'
import { Api } from '../../services/api'
import { setToken } from '../../services/auth'
import { errorMessage, isApiError } from '../../services/errors'
import { toastSuccess } from '../../services/feedback'
import { back } from '../../services/nav'
import { countdownLabel, digitsOnly } from '../login/helper'
import { PasswordProof, passwordChangeErrors, proofChoices, proofError } from './helper'
import { isValid } from '../../utils/validate'
import './index.scss'

const PROOF_LABELS: Record<PasswordProof, string> = { password: '用当前密码', sms: '用短信验证码' }

/**
 * Change (or first set) the password. A signed-in session alone is not enough: the user proves it is them with
 * the current password or an SMS code sent to the account's phone (POST /api/v1/users/password).
 */
export default function PasswordPage() {
  const [choices, setChoices] = useState<PasswordProof[]>(proofChoices(undefined))
  const [proof, setProof] = useState<PasswordProof>('password')
  const [secret, setSecret] = useState('')
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [saving, setSaving] = useState(false)
  const [sending, setSending] = useState(false)
  const [formError, setFormError] = useState('')
  const { remaining, start } = useCountdown()
  const errors = { ...passwordChangeErrors(password, confirmation), proof: proofError(proof, secret) }

  useEffect(() => {
    Api.me()
      .then(me => {
        const available = proofChoices(me.hasPassword)
        setChoices(available)
        setProof(current => (available.includes(current) ? current : (available[0] as PasswordProof)))
      })
      .catch(error => console.warn('password page: profile not loaded', error))
  }, [])

  const switchProof = (next: PasswordProof) => {
    setProof(next)
    setSecret('')
    setFormError('')
  }

  const sendCode = async () => {
    if (remaining > 0 || sending) return
    setSending(true)
    setFormError('')
    try {
      const result = await Api.sendPasswordCode()
      start(result.resendAfterSeconds > 0 ? result.resendAfterSeconds : SMS_RESEND_SECONDS)
      toastSuccess('验证码已发送')
    } catch (error) {
      setFormError(errorMessage(error))
    } finally {
      setSending(false)
    }
  }

  const submit = async () => {
    setSubmitted(true)
    setFormError('')
    if (!isValid(errors) || saving) return
    setSaving(true)
    try {
      const proofField = proof === 'sms' ? { smsCode: secret.trim() } : { currentPassword: secret }
      const result = await Api.changePassword({ newPassword: password, ...proofField })
      setToken(result.token) // earlier tokens stop working; this one keeps the app signed in
      toastSuccess('密码已修改')
      setTimeout(() => back(ROUTES.me), 800)
    } catch (error) {
      if (!(isApiError(error) && error.handled)) setFormError(errorMessage(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="page password-page" data-testid="password-page">
      <View className="card">
        {choices.length > 1 ? (
          <View className="password-proof">
            {choices.map(c => (
              <Text
                key={c}
                className={`password-proof__item${proof === c ? ' is-active' : ''}`}
                onClick={() => switchProof(c)}
                data-testid={`password-proof-${c}`}
              >
                {PROOF_LABELS[c]}
              </Text>
            ))}
          </View>
        ) : null}
        {proof === 'password' ? (
          <FormField label="当前密码" error={submitted ? errors.proof : null} testId="password-current-field">
            <Input
              className="input"
              password
              placeholder="输入当前密码"
              value={secret}
              onInput={e => setSecret(e.detail.value)}
              data-testid="password-current"
            />
          </FormField>
        ) : (
          <FormField label="短信验证码" error={submitted ? errors.proof : null} hint="发送到本账号的手机号" testId="password-code-field">
            <View className="password-code">
              <Input
                className="input password-code__input"
                type="number"
                maxlength={SMS_CODE_LENGTH}
                placeholder={`${SMS_CODE_LENGTH} 位验证码`}
                value={secret}
                onInput={e => setSecret(digitsOnly(e.detail.value, SMS_CODE_LENGTH))}
                data-testid="password-code"
              />
              <Button
                className={`btn btn-ghost password-code__send${remaining > 0 ? ' is-disabled' : ''}`}
                disabled={remaining > 0 || sending}
                onClick={() => void sendCode()}
                data-testid="password-send-code"
              >
                {sending ? '发送中…' : countdownLabel(remaining)}
              </Button>
            </View>
          </FormField>
        )}
        <FormField
          label="新密码"
          error={submitted || (password.length > 0 && password.length < PASSWORD_MIN_LENGTH) ? errors.password : null}
          hint={`至少 ${PASSWORD_MIN_LENGTH} 位`}
          testId="password-new-field"
        >
          <Input className="input" password placeholder="输入新密码" value={password} onInput={e => setPassword(e.detail.value)} data-testid="password-new" />
        </FormField>
        <FormField label="确认新密码" error={submitted ? errors.confirmation : null} testId="password-confirm-field">
          <Input
            className="input"
            password
            placeholder="再输入一次"
            value={confirmation}
            onInput={e => setConfirmation(e.detail.value)}
            data-testid="password-confirm"
          />
        </FormField>
        {formError ? (
          <Text className="form-error" data-testid="password-error">
            {formError}
          </Text>
        ) : null}
        <Button className={`btn btn-primary${saving ? ' is-disabled' : ''}`} disabled={saving} onClick={() => void submit()} data-testid="password-submit">
          {saving ? '保存中…' : '保存新密码'}
        </Button>
      </View>
      <Text className="password-tip muted">手机验证码登录的账号也可以在这里设置密码（用短信验证码确认），之后可用密码登录</Text>
    </View>
  )
}
