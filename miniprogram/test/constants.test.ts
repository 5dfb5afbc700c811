import * as shared from '@app/shared'
import * as local from '../src/constants'

/** The mini-program keeps copies of a few shared constants (Taro can't compile workspace runtime code). */
describe('constants stay equal to @app/shared', () => {
  it('web-search notice is the exact sentence', () => {
    expect(local.WEB_SEARCH_NOTICE).toBe(shared.WEB_SEARCH_NOTICE)
    expect(local.WEB_SEARCH_NOTICE).toBe('目前联网生成是根据角色，通过联网，用文本描述样貌之后进行生成。效果远不及图生表情。建议通过图生表情')
  })
  it('phone rule, password length, SMS, caption', () => {
    expect(local.PHONE_PATTERN.source).toBe(shared.PHONE_PATTERN.source)
    expect(local.PASSWORD_MIN_LENGTH).toBe(shared.PASSWORD_MIN_LENGTH)
    expect(local.SMS_CODE_LENGTH).toBe(shared.SMS_CODE_LENGTH)
    expect(local.SMS_RESEND_SECONDS).toBe(shared.SMS_RESEND_SECONDS)
    expect(local.CAPTION_MAX_LENGTH).toBe(shared.CAPTION_MAX_LENGTH)
  })
  it('prices, bonus, ledger labels', () => {
    expect(local.DEFAULT_PRICES).toEqual(shared.DEFAULT_PRICES)
    expect(local.DEFAULT_SIGNUP_BONUS).toBe(shared.DEFAULT_SIGNUP_BONUS)
    expect(local.LEDGER_TYPE_LABELS).toEqual(shared.LEDGER_TYPE_LABELS)
  })
})
