/** Credit ledger: prices, packages and the ledger API's shapes. Integer credits only. */

export type StickerKind = 'text' | 'image' | 'web_search';

/** Default prices per sticker kind (seed 004's 20/25 scale). Overridable by configuration. */
export const DEFAULT_PRICES: Record<StickerKind, number> = {
  text: 20,
  image: 25,
  web_search: 25,
};

export const DEFAULT_SIGNUP_BONUS = 100;

export interface CreditPackage {
  id: string;
  credits: number;
  /** price in fen (1/100 CNY) */
  priceFen: number;
  name: string;
}

/** Packages listed for sale (seed 004). The purchase flow is a later issue. */
export const CREDIT_PACKAGES: CreditPackage[] = [
  { id: 'pkg_100', credits: 100, priceFen: 990, name: '体验包' },
  { id: 'pkg_500', credits: 500, priceFen: 3990, name: '标准包' },
  { id: 'pkg_1200', credits: 1200, priceFen: 8990, name: '超值包' },
  { id: 'pkg_3000', credits: 3000, priceFen: 19990, name: '畅享包' },
];

export type LedgerEntryType =
  | 'bonus'
  | 'purchase'
  | 'grant'
  | 'deduct'
  | 'freeze'
  | 'settle'
  | 'release'
  | 'refund'
  | 'expire';

/** Chinese labels for the UI. */
export const LEDGER_TYPE_LABELS: Record<LedgerEntryType, string> = {
  bonus: '赠送',
  purchase: '购买',
  grant: '系统发放',
  deduct: '系统扣除',
  freeze: '冻结',
  settle: '消费',
  release: '解冻退回',
  refund: '退款',
  expire: '过期',
};

export interface CreditSummary {
  available: number;
  frozen: number;
  balance: number;
  totalEarned: number;
  totalSpent: number;
  /** ISO time of the soonest expiring lot with credits left, or null. */
  soonestExpiry: string | null;
  soonestExpiryAmount: number;
}

export interface LedgerEntryView {
  id: number;
  type: LedgerEntryType;
  /** signed change of the balance (available + frozen); a freeze has 0 here and moves available. */
  amount: number;
  balanceBefore: number;
  balanceAfter: number;
  availableBefore: number;
  availableAfter: number;
  referenceType: string | null;
  referenceId: string | null;
  description: string;
  createdAt: string;
}

export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}
