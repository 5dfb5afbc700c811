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

/** Packages for sale (seed 004); orders take price and credits from here (PAYMENT_PACKAGES_JSON can override). */
export const CREDIT_PACKAGES: CreditPackage[] = [
  { id: 'pkg_100', credits: 100, priceFen: 990, name: '体验包' },
  { id: 'pkg_500', credits: 500, priceFen: 3990, name: '标准包' },
  { id: 'pkg_1200', credits: 1200, priceFen: 8990, name: '超值包' },
  { id: 'pkg_3000', credits: 3000, priceFen: 19990, name: '畅享包' },
];

export type LedgerEntryType = 'bonus' | 'purchase' | 'grant' | 'deduct' | 'freeze' | 'settle' | 'release' | 'refund' | 'expire';

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
  /** credits ever added: bonus + purchase + grant */
  totalEarned: number;
  /** credits spent on stickers: settled holds */
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
  /** for entries that added credits (bonus, purchase, grant): when those credits expire; null = never */
  expiresAt: string | null;
}

export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

/** GET /api/v1/credits/packages (public). */
export interface CreditPackagesResult {
  packages: CreditPackage[];
  prices: Record<StickerKind, number>;
  signupBonus: number;
  /** days until credits expire by source; 0 = never */
  expiryDays: { purchase: number; bonus: number; grant: number };
}

/** GET /api/v1/credits/transactions query. `type` may be one type or a comma-separated list. */
export interface LedgerQuery {
  page?: number;
  pageSize?: number;
  type?: LedgerEntryType | LedgerEntryType[];
}

export const LEDGER_ENTRY_TYPES = Object.keys(LEDGER_TYPE_LABELS) as LedgerEntryType[];

export type HoldState = 'frozen' | 'settled' | 'released';

/** What freeze/settle/release answer. `applied` is false when the call found the work already done. */
export interface HoldResult {
  holdId: number;
  taskRef: string;
  userId: number;
  amount: number;
  state: HoldState;
  applied: boolean;
  /** the account right after this hold's last transition (for a repeat: after the original one) */
  available: number;
  frozen: number;
}

/** What grant/deduct/purchase/bonus/refund answer. `applied` false = idempotent repeat. */
export interface LedgerResult {
  entryId: number;
  userId: number;
  type: LedgerEntryType;
  amount: number;
  available: number;
  balance: number;
  applied: boolean;
}

export interface LedgerMismatch {
  userId: number;
  /** what disagrees: available, frozen, chain (an entry's before ≠ the previous after), lots, … */
  field: string;
  cached: number | null;
  computed: number | null;
  detail?: string;
}

export interface BadHold {
  holdId: number;
  taskRef: string;
  state: string;
  problem: string;
}

export interface LedgerAuditReport {
  ok: boolean;
  accounts: number;
  entries: number;
  holds: number;
  lots: number;
  mismatches: LedgerMismatch[];
  badHolds: BadHold[];
  /** lots whose remaining/held disagree with their movements */
  badLots: Array<{ lotId: number; userId: number; problem: string }>;
  checkedAt: string;
}
