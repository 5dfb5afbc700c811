/**
 * @jest-environment jsdom
 */
import { act, fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import ConsentCheck from '../src/components/ConsentCheck'
import { LEGAL, legalDoc } from '../src/pages/legal/content'
import { CONSENT_REQUIRED, loginReasonText } from '../src/pages/login/helper'
import { answerPrivacy, installPrivacyAuthorization, onPrivacyRequest, PRIVACY_AGREE_BUTTON_ID } from '../src/services/privacy'

const byTestId = (container: HTMLElement, id: string) => container.querySelector(`[data-testid="${id}"]`) as HTMLElement | null

describe('consent on the login page', () => {
  it('toggles, shows the reason it is needed, and links both documents', () => {
    const onChange = jest.fn()
    const { container, rerender } = render(<ConsentCheck checked={false} onChange={onChange} error={CONSENT_REQUIRED} />)
    expect(byTestId(container, 'consent-error')?.textContent).toBe(CONSENT_REQUIRED)
    fireEvent.click(byTestId(container, 'consent-check')!)
    expect(onChange).toHaveBeenCalledWith(true)
    fireEvent.click(byTestId(container, 'consent-privacy')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/legal/index?doc=privacy' })
    rerender(<ConsentCheck checked onChange={onChange} />)
    expect(byTestId(container, 'consent-check')?.className).toContain('is-checked')
    expect(byTestId(container, 'consent-error')).toBeNull()
  })

  it('tells the user why they are at the login page', () => {
    expect(loginReasonText('password-changed')).toBe('密码已修改，请用新密码重新登录')
    expect(loginReasonText('account-deleted')).toContain('账号已注销')
    expect(loginReasonText(undefined)).toBeNull()
    expect(loginReasonText('<script>')).toBeNull()
  })

  it('has a user agreement and a privacy policy that cover deletion and the showcase', () => {
    expect(legalDoc('privacy')).toBe('privacy')
    expect(legalDoc('anything')).toBe('terms')
    const privacy = LEGAL.privacy.sections.flatMap(s => s.paragraphs).join('')
    expect(privacy).toContain('注销账号')
    expect(privacy).toContain('允许展示')
    expect(LEGAL.terms.title).toBe('用户协议')
  })
})

describe('WeChat privacy authorization (weapp)', () => {
  const env = process.env.TARO_ENV
  afterAll(() => {
    process.env.TARO_ENV = env
  })

  it('shows our popup when WeChat asks and answers with the agree button id', () => {
    process.env.TARO_ENV = 'weapp'
    installPrivacyAuthorization()
    const listener = (Taro.onNeedPrivacyAuthorization as jest.Mock).mock.calls[0][0]
    const states: boolean[] = []
    const stop = onPrivacyRequest(open => states.push(open))
    const resolve = jest.fn()
    act(() => listener(resolve, { referrer: 'button.getPhoneNumber' }))
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' })
    answerPrivacy(true)
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID })
    const again = jest.fn()
    listener(again, { referrer: 'chooseMedia' })
    answerPrivacy(false)
    expect(again).toHaveBeenLastCalledWith({ event: 'disagree' })
    expect(states).toEqual([true, false, true, false])
    stop()
  })

  it('registers nothing on H5', () => {
    process.env.TARO_ENV = 'h5'
    installPrivacyAuthorization()
    expect(Taro.onNeedPrivacyAuthorization).not.toHaveBeenCalled()
  })
})
