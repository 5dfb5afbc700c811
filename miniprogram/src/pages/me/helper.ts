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
