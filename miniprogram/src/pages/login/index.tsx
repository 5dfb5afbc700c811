import { useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import ConsentCheck from '../../components/ConsentCheck'
import FormField from '../../components/FormField'
import PrivacyPopup from '../../components/PrivacyPopup'
import { SMS_CODE_LENGTH, SMS_RESEND_SECONDS, PASSWORD_MIN_LENGTH } from '../../constants'
import { useCountdown } from '../../hooks/useCountdown'
import { useMeta } from '../../hooks/useMeta'
import { Api } from '../../services/api'
import { setToken } from '../../services/auth'
import { errorMessage } from '../../services/errors'
import { showError, toast, toastSuccess } from '../../services/feedback'
import { afterLogin } from '../../services/nav'
import { validatePhone } from '../../utils/validate'
import {
  CONSENT_REQUIRED,
  countdownLabel,
  loginReasonText,
  digitsOnly,
  hasErrors,
  passwordErrors,
  smsErrors,
  visibleError,
  type LoginTab,
  type PasswordMode,
} from './helper'
import './index.scss'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

export default function LoginPage() {
  const router = useRouter()
  const redirect = router.params.redirect
  const meta = useMeta()
  const [tab, setTab] = useState<LoginTab>('sms')
  const [mode, setMode] = useState<PasswordMode>('login')
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [password, setPassword] = useState('')
  const [blurred, setBlurred] = useState({ phone: false, secret: false })
  const [submitted, setSubmitted] = useState(false)
  const [sending, setSending] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [formError, setFormError] = useState('')
  const [agreed, setAgreed] = useState(false)
  const [consentError, setConsentError] = useState<string | null>(null)
  const reasonText = loginReasonText(router.params.reason)
  const { remaining, start } = useCountdown()

  const errors = tab === 'sms' ? smsErrors(phone, code) : passwordErrors(phone, password)
  const phoneError = visibleError(errors.phone, { value: phone, blurred: blurred.phone, submitted, fullLength: 11 })
  const secretError = visibleError(errors.secret, {
    value: tab === 'sms' ? code : password,
    blurred: blurred.secret,
    submitted,
    fullLength: tab === 'sms' ? SMS_CODE_LENGTH : undefined,
  })

  /** Nothing leaves the page (not even an SMS request) before the user agrees to the terms and privacy policy. */
  const needsConsent = (): boolean => {
    if (agreed) return false
    setConsentError(CONSENT_REQUIRED)
    return true
  }
  const changeConsent = (next: boolean) => {
    setAgreed(next)
    if (next) setConsentError(null)
  }

  const switchTab = (next: LoginTab) => {
    setTab(next)
    setSubmitted(false)
    setFormError('')
    setBlurred(b => ({ ...b, secret: false }))
  }

  const finish = (token: string, created?: boolean) => {
    setToken(token)
    toastSuccess(created ? '注册成功' : '登录成功')
    setTimeout(() => afterLogin(redirect), 300)
  }

  const sendCode = async () => {
    if (remaining > 0 || sending || needsConsent()) return
    const phoneProblem = validatePhone(phone)
    if (phoneProblem) {
      setBlurred(b => ({ ...b, phone: true }))
      toast(phoneProblem)
      return
    }
    setSending(true)
    setFormError('')
    try {
      const result = await Api.sendSms(phone.trim())
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
    if (needsConsent() || hasErrors(errors) || submitting) return
    setSubmitting(true)
    try {
      if (tab === 'sms') {
        const result = await Api.smsLogin(phone.trim(), code.trim())
        finish(result.token, result.created)
        return
      }
      if (mode === 'register') {
        await Api.register(phone.trim(), password)
      }
      const result = await Api.passwordLogin(phone.trim(), password)
      const token = result.data?.token
      if (!token) throw new Error('no token')
      finish(token, mode === 'register')
    } catch (error) {
      setFormError(errorMessage(error))
    } finally {
      setSubmitting(false)
    }
  }

  const onGetPhoneNumber = async (event: { detail: { code?: string; errMsg?: string } }) => {
    const phoneCode = event.detail.code
    if (!phoneCode) {
      toast('未授权手机号，可以使用验证码登录')
      return
    }
    setSubmitting(true)
    try {
      const { code: loginCode } = await Taro.login()
      const result = await Api.wechatLogin(phoneCode, loginCode)
      finish(result.token, result.created)
    } catch (error) {
      showError(error)
    } finally {
      setSubmitting(false)
    }
  }

  const submitText = tab === 'sms' ? '登录 / 注册' : mode === 'register' ? '注册并登录' : '登录'

  return (
    <View className="page login-page" data-testid="login-page">
      <View className="login-hero">
        <Text className="login-hero__title">表情工坊</Text>
        <Text className="login-hero__sub">一句话、一张图，做出会动的表情包</Text>
        {meta.signupBonus > 0 ? (
          <Text className="login-hero__bonus" data-testid="login-bonus">
            新用户注册即送 {meta.signupBonus} 积分
          </Text>
        ) : null}
      </View>

      {reasonText ? (
        <Text className="login-reason" data-testid="login-reason">
          {reasonText}
        </Text>
      ) : null}

      {IS_WEAPP ? (
        <View className="login-wechat">
          {agreed ? (
            <Button className="btn btn-primary" openType="getPhoneNumber" onGetPhoneNumber={onGetPhoneNumber} disabled={submitting} data-testid="login-wechat">
              微信手机号一键登录
            </Button>
          ) : (
            <Button className="btn btn-primary" onClick={needsConsent} data-testid="login-wechat">
              微信手机号一键登录
            </Button>
          )}
          <View className="login-divider">
            <Text className="login-divider__text">或使用手机号</Text>
          </View>
        </View>
      ) : null}

      <View className="card">
        <View className="login-tabs">
          <Text className={`login-tabs__item${tab === 'sms' ? ' is-active' : ''}`} data-testid="login-tab-sms" onClick={() => switchTab('sms')}>
            验证码登录
          </Text>
          <Text className={`login-tabs__item${tab === 'password' ? ' is-active' : ''}`} data-testid="login-tab-password" onClick={() => switchTab('password')}>
            密码登录
          </Text>
        </View>

        <FormField label="手机号" error={phoneError} hint="中国大陆 11 位手机号" testId="login-phone-field">
          <Input
            className="input"
            type="number"
            maxlength={11}
            placeholder="请输入手机号"
            value={phone}
            onInput={e => setPhone(digitsOnly(e.detail.value, 11))}
            onBlur={() => setBlurred(b => ({ ...b, phone: true }))}
            data-testid="login-phone"
          />
        </FormField>

        {tab === 'sms' ? (
          <FormField label="验证码" error={secretError} testId="login-code-field">
            <View className="login-code">
              <Input
                className="input login-code__input"
                type="number"
                maxlength={SMS_CODE_LENGTH}
                placeholder={`${SMS_CODE_LENGTH} 位验证码`}
                value={code}
                onInput={e => setCode(digitsOnly(e.detail.value, SMS_CODE_LENGTH))}
                onBlur={() => setBlurred(b => ({ ...b, secret: true }))}
                data-testid="login-code"
              />
              <Button
                className={`btn btn-ghost login-code__send${remaining > 0 ? ' is-disabled' : ''}`}
                disabled={remaining > 0 || sending}
                onClick={sendCode}
                data-testid="login-send-code"
              >
                {sending ? '发送中…' : countdownLabel(remaining)}
              </Button>
            </View>
          </FormField>
        ) : (
          <FormField label="密码" error={secretError} hint={`至少 ${PASSWORD_MIN_LENGTH} 位`} testId="login-password-field">
            <Input
              className="input"
              password
              placeholder={mode === 'register' ? `设置密码（至少 ${PASSWORD_MIN_LENGTH} 位）` : '请输入密码'}
              value={password}
              onInput={e => setPassword(e.detail.value)}
              onBlur={() => setBlurred(b => ({ ...b, secret: true }))}
              data-testid="login-password"
            />
          </FormField>
        )}

        <ConsentCheck checked={agreed} onChange={changeConsent} error={consentError} />

        {formError ? (
          <Text className="login-error" data-testid="login-error">
            {formError}
          </Text>
        ) : null}

        <Button className={`btn btn-primary${submitting ? ' is-disabled' : ''}`} disabled={submitting} onClick={submit} data-testid="login-submit">
          {submitText}
        </Button>

        {tab === 'password' ? (
          <View className="login-switch">
            {mode === 'login' ? (
              <Text className="link" data-testid="login-mode-register" onClick={() => setMode('register')}>
                没有账号？注册
              </Text>
            ) : (
              <Text className="link" data-testid="login-mode-login" onClick={() => setMode('login')}>
                已有账号？去登录
              </Text>
            )}
          </View>
        ) : (
          <Text className="login-tip muted">未注册的手机号验证后将自动创建账号</Text>
        )}
      </View>
      <PrivacyPopup />
    </View>
  )
}
