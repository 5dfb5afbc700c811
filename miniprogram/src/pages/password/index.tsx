import { useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import Taro from '@tarojs/taro'
import FormField from '../../components/FormField'
import { PASSWORD_MIN_LENGTH, ROUTES } from '../../constants'
import { Api } from '../../services/api'
import { errorMessage, isApiError } from '../../services/errors'
import { toastSuccess } from '../../services/feedback'
import { clearToken } from '../../services/auth'
import { passwordChangeErrors } from './helper'
import { isValid } from '../../utils/validate'
import './index.scss'

export default function PasswordPage() {
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [saving, setSaving] = useState(false)
  const [formError, setFormError] = useState('')
  const errors = passwordChangeErrors(password, confirmation)

  const submit = async () => {
    setSubmitted(true)
    setFormError('')
    if (!isValid(errors) || saving) return
    setSaving(true)
    try {
      await Api.changePassword(password)
      // every token, this one too, stopped working: sign in again, and the login page says why
      clearToken()
      toastSuccess('密码已修改')
      setTimeout(() => void Taro.reLaunch({ url: `${ROUTES.login}?reason=password-changed&redirect=${encodeURIComponent(ROUTES.me)}` }), 800)
    } catch (error) {
      if (!(isApiError(error) && error.handled)) setFormError(errorMessage(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='page password-page' data-testid='password-page'>
      <View className='card'>
        <FormField
          label='新密码'
          error={submitted || (password.length > 0 && password.length < PASSWORD_MIN_LENGTH) ? errors.password : null}
          hint={`至少 ${PASSWORD_MIN_LENGTH} 位`}
          testId='password-new-field'
        >
          <Input className='input' password placeholder='输入新密码' value={password} onInput={(e) => setPassword(e.detail.value)} data-testid='password-new' />
        </FormField>
        <FormField label='确认新密码' error={submitted ? errors.confirmation : null} testId='password-confirm-field'>
          <Input
            className='input'
            password
            placeholder='再输入一次'
            value={confirmation}
            onInput={(e) => setConfirmation(e.detail.value)}
            data-testid='password-confirm'
          />
        </FormField>
        {formError ? (
          <Text className='form-error' data-testid='password-error'>
            {formError}
          </Text>
        ) : null}
        <Button
          className={`btn btn-primary${saving ? ' is-disabled' : ''}`}
          disabled={saving}
          onClick={() => void submit()}
          data-testid='password-submit'
        >
          {saving ? '保存中…' : '保存新密码'}
        </Button>
      </View>
      <Text className='password-tip muted'>手机验证码登录的账号也可以在这里设置密码，之后可用密码登录</Text>
    </View>
  )
}
