import { charCount, isValid, validateCaption, validatePassword, validatePhone, validateRequired, validateSmsCode } from '../src/utils/validate'

describe('validatePhone (seed 001: /^1[3-9]\\d{9}$/)', () => {
  it.each(['13800000000', '19912345678', '15000001111', ' 13800000000 '])('accepts %s', phone => {
    expect(validatePhone(phone)).toBeNull()
  })

  it('asks for a phone when empty', () => {
    expect(validatePhone('')).toBe('请输入手机号')
    expect(validatePhone('   ')).toBe('请输入手机号')
  })

  it.each(['12800000000', '1380000000', '138000000000', '23800000000', '1380000000a', '+8613800000000'])('rejects %s', phone => {
    expect(validatePhone(phone)).toBe('请输入正确的 11 位手机号')
  })
})

describe('validatePassword (at least 8)', () => {
  it('rejects empty and short passwords', () => {
    expect(validatePassword('')).toBe('请输入密码')
    expect(validatePassword('1234567')).toBe('密码至少 8 位')
  })
  it('accepts 8 characters and more', () => {
    expect(validatePassword('12345678')).toBeNull()
    expect(validatePassword('a much longer password')).toBeNull()
  })
})

describe('validateSmsCode', () => {
  it('wants exactly 6 digits', () => {
    expect(validateSmsCode('')).toBe('请输入验证码')
    expect(validateSmsCode('12345')).toBe('验证码为 6 位数字')
    expect(validateSmsCode('12345a')).toBe('验证码为 6 位数字')
    expect(validateSmsCode('123456')).toBeNull()
  })
})

describe('validateCaption', () => {
  it('is optional', () => {
    expect(validateCaption('')).toBeNull()
  })
  it('allows 16 characters and counts emoji once', () => {
    expect(validateCaption('一二三四五六七八九十一二三四五六')).toBeNull()
    expect(validateCaption('😀'.repeat(16))).toBeNull()
    expect(charCount('😀😀')).toBe(2)
  })
  it('rejects 17 characters, with the limit in the message', () => {
    expect(validateCaption('一二三四五六七八九十一二三四五六七')).toBe('配字最多 16 个字')
    expect(validateCaption('abcdef', 5)).toBe('配字最多 5 个字')
  })
})

describe('validateRequired / isValid', () => {
  it('names the field', () => {
    expect(validateRequired('  ', '角色')).toBe('请填写角色')
    expect(validateRequired('孙悟空', '角色', 2)).toBe('角色最多 2 个字')
    expect(validateRequired('孙悟空', '角色', 3)).toBeNull()
  })
  it('isValid is true only when every error is null', () => {
    expect(isValid({ a: null, b: null })).toBe(true)
    expect(isValid({ a: null, b: '错' })).toBe(false)
  })
})
