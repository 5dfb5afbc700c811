/** Display formatting (pure). */
import type { LedgerEntryType, LedgerEntryView, LegacyStatus, TaskStatus } from '@app/shared'
import { LEDGER_TYPE_LABELS } from '../constants'

/** 13800001234 → 138****1234; an already masked value passes through. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return ''
  const value = phone.trim()
  if (/^\d{11}$/.test(value)) return `${value.slice(0, 3)}****${value.slice(7)}`
  return value
}

/** +20 / -20 / 0 (ASCII signs so they read the same everywhere). */
export function formatAmount(amount: number): string {
  if (amount > 0) return `+${amount}`
  if (amount < 0) return `-${Math.abs(amount)}`
  return '0'
}

export function amountTone(amount: number): 'plus' | 'minus' | 'zero' {
  if (amount > 0) return 'plus'
  if (amount < 0) return 'minus'
  return 'zero'
}

export function ledgerTypeLabel(type: LedgerEntryType | string): string {
  return (LEDGER_TYPE_LABELS as Record<string, string>)[type] ?? '其他'
}

/**
 * The change a user cares about for one ledger row: the balance change, or for a freeze/release
 * (which only move credits between available and frozen) the change of the available credits.
 */
export function ledgerDisplayAmount(entry: Pick<LedgerEntryView, 'amount' | 'availableBefore' | 'availableAfter'>): number {
  if (entry.amount !== 0) return entry.amount
  return entry.availableAfter - entry.availableBefore
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** 刚刚 / 5 分钟前 / 3 小时前 / 昨天 14:03 / 3月2日 09:15 / 2023-12-31 */
export function formatRelativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const diffMs = now.getTime() - date.getTime()
  if (diffMs < 60 * 1000) return '刚刚'
  const minutes = Math.floor(diffMs / 60000)
  if (minutes < 60) return `${minutes} 分钟前`
  const hours = Math.floor(minutes / 60)
  const sameDay = date.toDateString() === now.toDateString()
  if (hours < 24 && sameDay) return `${hours} 小时前`
  const yesterday = new Date(now)
  yesterday.setDate(now.getDate() - 1)
  const hm = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`
  if (date.toDateString() === yesterday.toDateString()) return `昨天 ${hm}`
  if (date.getFullYear() === now.getFullYear()) return `${date.getMonth() + 1}月${date.getDate()}日 ${hm}`
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`
}

/** 75 s → "01:15"; over an hour → "1:02:03". */
export function formatElapsed(totalMs: number): string {
  const total = Math.max(0, Math.floor(totalMs / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`
}

const STATUS_LABELS: Record<TaskStatus | LegacyStatus, string> = {
  QUEUED: '排队中',
  PENDING: '排队中',
  RUNNING: '生成中',
  CONVERTING: '制作动图',
  SUCCEEDED: '已完成',
  FAILED: '失败',
  CANCELED: '已取消',
  UNKNOWN: '未知',
}

export function statusLabel(status: TaskStatus | LegacyStatus | string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? '未知'
}

export type StatusTone = 'progress' | 'success' | 'danger' | 'muted'

export function statusTone(status: TaskStatus | LegacyStatus | string): StatusTone {
  switch (status) {
    case 'SUCCEEDED':
      return 'success'
    case 'FAILED':
      return 'danger'
    case 'CANCELED':
    case 'UNKNOWN':
      return 'muted'
    default:
      return 'progress'
  }
}

export function isInProgress(status: TaskStatus | LegacyStatus | string): boolean {
  return statusTone(status) === 'progress' && status in STATUS_LABELS
}

/** Credits as a plain integer string (credits are integers; guard against a stray float). */
export function formatCredits(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '--'
  return String(Math.round(value))
}
