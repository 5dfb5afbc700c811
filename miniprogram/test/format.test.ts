import {
  amountTone,
  formatAmount,
  formatCredits,
  formatElapsed,
  formatRelativeTime,
  isInProgress,
  ledgerDisplayAmount,
  ledgerTypeLabel,
  maskPhone,
  statusLabel,
  statusTone,
} from '../src/utils/format'

describe('maskPhone', () => {
  it('masks the middle four digits', () => {
    expect(maskPhone('13800001234')).toBe('138****1234')
  })
  it('passes an already masked phone through', () => {
    expect(maskPhone('138****1234')).toBe('138****1234')
  })
  it('handles empty values', () => {
    expect(maskPhone('')).toBe('')
    expect(maskPhone(null)).toBe('')
    expect(maskPhone(undefined)).toBe('')
  })
})

describe('formatAmount', () => {
  it('signs amounts', () => {
    expect(formatAmount(100)).toBe('+100')
    expect(formatAmount(-20)).toBe('-20')
    expect(formatAmount(0)).toBe('0')
  })
  it('tones', () => {
    expect(amountTone(5)).toBe('plus')
    expect(amountTone(-5)).toBe('minus')
    expect(amountTone(0)).toBe('zero')
  })
  it('formats credits as integers', () => {
    expect(formatCredits(120)).toBe('120')
    expect(formatCredits(null)).toBe('--')
    expect(formatCredits(undefined)).toBe('--')
  })
})

describe('ledger display', () => {
  it('labels every ledger type in Chinese', () => {
    expect(ledgerTypeLabel('bonus')).toBe('赠送')
    expect(ledgerTypeLabel('freeze')).toBe('冻结')
    expect(ledgerTypeLabel('settle')).toBe('消费')
    expect(ledgerTypeLabel('release')).toBe('解冻退回')
    expect(ledgerTypeLabel('something-new')).toBe('其他')
  })
  it('shows the balance change, or the available change for freeze/release', () => {
    expect(ledgerDisplayAmount({ amount: -20, availableBefore: 80, availableAfter: 80 })).toBe(-20)
    expect(ledgerDisplayAmount({ amount: 0, availableBefore: 100, availableAfter: 80 })).toBe(-20)
    expect(ledgerDisplayAmount({ amount: 0, availableBefore: 80, availableAfter: 100 })).toBe(20)
  })
})

describe('formatRelativeTime', () => {
  const now = new Date(2025, 5, 15, 12, 0, 0) // 15 June 2025 12:00 local

  it('says 刚刚 within a minute (and for clock skew)', () => {
    expect(formatRelativeTime(new Date(2025, 5, 15, 11, 59, 30).toISOString(), now)).toBe('刚刚')
    expect(formatRelativeTime(new Date(2025, 5, 15, 12, 0, 30).toISOString(), now)).toBe('刚刚')
  })
  it('counts minutes and hours the same day', () => {
    expect(formatRelativeTime(new Date(2025, 5, 15, 11, 55).toISOString(), now)).toBe('5 分钟前')
    expect(formatRelativeTime(new Date(2025, 5, 15, 9, 0).toISOString(), now)).toBe('3 小时前')
  })
  it('says 昨天 for yesterday', () => {
    expect(formatRelativeTime(new Date(2025, 5, 14, 8, 5).toISOString(), now)).toBe('昨天 08:05')
  })
  it('gives month and day this year, the full date before', () => {
    expect(formatRelativeTime(new Date(2025, 2, 2, 9, 15).toISOString(), now)).toBe('3月2日 09:15')
    expect(formatRelativeTime(new Date(2023, 11, 31, 9, 15).toISOString(), now)).toBe('2023-12-31')
  })
  it('returns empty for missing or invalid input', () => {
    expect(formatRelativeTime(null, now)).toBe('')
    expect(formatRelativeTime('not a date', now)).toBe('')
  })
})

describe('formatElapsed', () => {
  it('formats mm:ss and h:mm:ss', () => {
    expect(formatElapsed(0)).toBe('00:00')
    expect(formatElapsed(75_000)).toBe('01:15')
    expect(formatElapsed(3_723_000)).toBe('1:02:03')
    expect(formatElapsed(-5)).toBe('00:00')
  })
})

describe('status labels', () => {
  it('labels every status in Chinese', () => {
    expect(statusLabel('QUEUED')).toBe('排队中')
    expect(statusLabel('PENDING')).toBe('排队中')
    expect(statusLabel('RUNNING')).toBe('生成中')
    expect(statusLabel('CONVERTING')).toBe('制作动图')
    expect(statusLabel('SUCCEEDED')).toBe('已完成')
    expect(statusLabel('FAILED')).toBe('失败')
    expect(statusLabel('CANCELED')).toBe('已取消')
    expect(statusLabel('UNKNOWN')).toBe('未知')
    expect(statusLabel('WHATEVER')).toBe('未知')
  })
  it('tones and progress', () => {
    expect(statusTone('SUCCEEDED')).toBe('success')
    expect(statusTone('FAILED')).toBe('danger')
    expect(statusTone('CANCELED')).toBe('muted')
    expect(statusTone('RUNNING')).toBe('progress')
    expect(isInProgress('QUEUED')).toBe(true)
    expect(isInProgress('CONVERTING')).toBe(true)
    expect(isInProgress('SUCCEEDED')).toBe(false)
    expect(isInProgress('UNKNOWN')).toBe(false)
    expect(isInProgress('BOGUS')).toBe(false)
  })
})
