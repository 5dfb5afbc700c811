/** "我的" page logic (pure). */
import type { LedgerEntryView } from '@app/shared'
import { amountTone, formatAmount, ledgerDisplayAmount, ledgerTypeLabel } from '../../utils/format'

export interface LedgerRow {
  id: number
  label: string
  description: string
  amountText: string
  tone: 'plus' | 'minus' | 'zero'
  /** "余额 120" (and the available part when some credits are frozen) */
  balanceText: string
  createdAt: string
}

export function ledgerRow(entry: LedgerEntryView): LedgerRow {
  const amount = ledgerDisplayAmount(entry)
  const frozen = entry.balanceAfter - entry.availableAfter
  return {
    id: entry.id,
    label: ledgerTypeLabel(entry.type),
    description: entry.description,
    amountText: formatAmount(amount),
    tone: amountTone(amount),
    balanceText: frozen > 0 ? `余额 ${entry.balanceAfter}（可用 ${entry.availableAfter}）` : `余额 ${entry.balanceAfter}`,
    createdAt: entry.createdAt,
  }
}

/** One line of the credit history: a sticker's freeze/settle/release folded into one, anything else as is. */
export interface LedgerLine extends LedgerRow {
  key: string
  /** the sticker this line is about (tap → its steps) */
  jobId: string | null
  /** the entries behind the line, newest first */
  steps: LedgerRow[]
  /** newest entry's type (for tests and styling) */
  type: LedgerEntryView['type']
}

const STICKER_STEPS = new Set<LedgerEntryView['type']>(['freeze', 'settle', 'release'])

/**
 * Folds a page of entries (newest first) so a sticker reads as one line: 冻结中 while it is being made,
 * "-20" once it is done, 已退回 when it failed or was cancelled; "余额 N" without the frozen part, which
 * read as a double charge. The steps stay available for the detail view.
 */
export function ledgerLines(entries: LedgerEntryView[]): LedgerLine[] {
  const lines: LedgerLine[] = []
  const byJob = new Map<string, { line: LedgerLine; types: Set<string>; freeze?: LedgerRow; settle?: LedgerRow }>()
  for (const entry of entries) {
    const row = ledgerRow(entry)
    const jobId = entry.referenceType === 'task' && entry.referenceId && STICKER_STEPS.has(entry.type) ? entry.referenceId : null
    if (!jobId) {
      lines.push({ ...row, key: `e${entry.id}`, jobId: null, steps: [row], type: entry.type })
      continue
    }
    let group = byJob.get(jobId)
    if (!group) {
      const line: LedgerLine = { ...row, key: `t${jobId}`, jobId, steps: [], type: entry.type, balanceText: `余额 ${entry.balanceAfter}` }
      group = { line, types: new Set() }
      byJob.set(jobId, group)
      lines.push(line)
    }
    group.line.steps.push(row)
    group.types.add(entry.type)
    if (entry.type === 'freeze') {
      group.freeze = row
      group.line.description = row.description
    }
    if (entry.type === 'settle') group.settle = row
  }
  for (const { line, types, freeze, settle } of byJob.values()) {
    if (types.has('settle')) Object.assign(line, { label: '生成表情', amountText: settle!.amountText, tone: 'minus' })
    else if (types.has('release')) Object.assign(line, { label: '生成表情', amountText: '已退回', tone: 'zero' })
    else Object.assign(line, { label: '生成表情', amountText: freeze ? `冻结中 ${freeze.amountText.replace('-', '')}` : '冻结中', tone: 'zero' })
  }
  return lines
}
