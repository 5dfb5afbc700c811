/** The credit ledger: the summary, the entries, packages and prices, grant/deduct results, the ledger audit. */
import {
  BadHold,
  CREDIT_PACKAGES,
  CreditPackage,
  CreditPackagesResult,
  CreditSummary,
  DEFAULT_PRICES,
  LEDGER_ENTRY_TYPES,
  LedgerAuditReport,
  LedgerEntryView,
  LedgerMismatch,
  LedgerResult,
} from '@app/shared';
import { appOk, arrayOf, bool, int, nullable, obj, oneOfStrings, pageOf, paged, ref, Schema, str, T0, time } from './common';
import { prices } from './stickers';

const entryType = oneOfStrings(LEDGER_ENTRY_TYPES);
export const creditPackage = obj<CreditPackage>({ id: str, credits: int, priceFen: int, name: str });

export const SUMMARY_EXAMPLE: CreditSummary = {
  available: 100,
  frozen: 0,
  balance: 100,
  totalEarned: 100,
  totalSpent: 0,
  soonestExpiry: null,
  soonestExpiryAmount: 0,
};
const ENTRY_EXAMPLE: LedgerEntryView = {
  id: 1,
  type: 'bonus',
  amount: 100,
  balanceBefore: 0,
  balanceAfter: 100,
  availableBefore: 0,
  availableAfter: 100,
  referenceType: 'promo',
  referenceId: 'signup:1',
  description: '注册赠送',
  createdAt: T0,
  expiresAt: null,
};
const PACKAGES_EXAMPLE: CreditPackagesResult = {
  packages: CREDIT_PACKAGES,
  prices: DEFAULT_PRICES,
  signupBonus: 100,
  expiryDays: { purchase: 0, bonus: 30, grant: 0 },
};
const RESULT_EXAMPLE: LedgerResult = { entryId: 7, userId: 2, type: 'grant', amount: 50, available: 150, balance: 150, applied: true };
const AUDIT_EXAMPLE: LedgerAuditReport = {
  ok: true,
  accounts: 12,
  entries: 340,
  holds: 80,
  lots: 30,
  mismatches: [],
  badHolds: [],
  badLots: [],
  checkedAt: T0,
};

export const CREDIT_SCHEMAS: Record<string, Schema> = {
  CreditSummary: obj<CreditSummary>({
    available: int,
    frozen: int,
    balance: int,
    totalEarned: int,
    totalSpent: int,
    soonestExpiry: nullable(time),
    soonestExpiryAmount: int,
  }),
  CreditSummaryOk: appOk(ref('CreditSummary'), SUMMARY_EXAMPLE),
  LedgerEntryView: obj<LedgerEntryView>({
    id: int,
    type: entryType,
    amount: int,
    balanceBefore: int,
    balanceAfter: int,
    availableBefore: int,
    availableAfter: int,
    referenceType: nullable(str),
    referenceId: nullable(str),
    description: str,
    createdAt: time,
    expiresAt: nullable(time),
  }),
  LedgerPageOk: appOk(paged(ref('LedgerEntryView')), pageOf(ENTRY_EXAMPLE)),
  CreditPackagesOk: appOk(
    obj<CreditPackagesResult>({
      packages: arrayOf(creditPackage),
      prices,
      signupBonus: int,
      expiryDays: obj<CreditPackagesResult['expiryDays']>({ purchase: int, bonus: int, grant: int }),
    }),
    PACKAGES_EXAMPLE,
  ),
  LedgerResultOk: appOk(
    obj<LedgerResult>({ entryId: int, userId: int, type: entryType, amount: int, available: int, balance: int, applied: bool }),
    RESULT_EXAMPLE,
    '积分已发放',
  ),
  LedgerAuditReportOk: appOk(
    obj<LedgerAuditReport>({
      ok: bool,
      accounts: int,
      entries: int,
      holds: int,
      lots: int,
      mismatches: arrayOf(obj<LedgerMismatch>({ userId: int, field: str, cached: nullable(int), computed: nullable(int), detail: str }, ['detail'])),
      badHolds: arrayOf(obj<BadHold>({ holdId: int, taskRef: str, state: str, problem: str })),
      badLots: arrayOf(obj<LedgerAuditReport['badLots'][number]>({ lotId: int, userId: int, problem: str })),
      checkedAt: time,
    }),
    AUDIT_EXAMPLE,
  ),
};
