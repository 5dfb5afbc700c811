/**
 * Runtime constants the mini-program needs from the shared contract.
 *
 * Taro does not compile workspace packages' runtime code reliably, so `@app/shared` is imported for
 * types only and the few values the UI needs are copied here. test/constants.test.ts imports the
 * shared sources and fails when a copy drifts.
 */
import type { LedgerEntryType, StickerKind } from '@app/shared'

/** Mainland China mobile number: 11 digits starting 1[3-9] (seed 001). */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/
export const PASSWORD_MIN_LENGTH = 8
export const SMS_CODE_LENGTH = 6
export const SMS_RESEND_SECONDS = 60
export const CAPTION_MAX_LENGTH = 16

/** Shown verbatim above the web-search form (seed 001 §2.2 asks for this exact sentence). */
export const WEB_SEARCH_NOTICE = '目前联网生成是根据角色，通过联网，用文本描述样貌之后进行生成。效果远不及图生表情。建议通过图生表情'

export const DEFAULT_PRICES: Record<StickerKind, number> = {
  text: 20,
  image: 25,
  web_search: 25,
}

export const DEFAULT_SIGNUP_BONUS = 100

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
}

export const KIND_LABELS: Record<StickerKind, string> = {
  text: '文字生成',
  image: '图片生成',
  web_search: '联网角色生成',
}

/** Longest prompt / motion description / role / action the forms accept. */
export const PROMPT_MAX_LENGTH = 200
export const ROLE_MAX_LENGTH = 30
export const SOURCE_MAX_LENGTH = 30
export const ACTION_MAX_LENGTH = 60

/** Images larger than this (bytes) or wider/taller than IMAGE_MAX_SIDE are compressed before upload. */
export const IMAGE_COMPRESS_THRESHOLD_BYTES = 1024 * 1024
export const IMAGE_MAX_SIDE = 1280
export const IMAGE_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

/** Pack page: how often it refreshes while stickers are still generating. */
export const PACK_POLL_MS = 3000

/** Generating page: poll interval and the cap of the error backoff. */
export const POLL_INTERVAL_MS = 1000
export const POLL_MAX_BACKOFF_MS = 60000

export const PAGE_SIZE = 20

export const TOKEN_STORAGE_KEY = 'bqgf_token'

export const ROUTES = {
  home: '/pages/home/index',
  stickers: '/pages/stickers/index',
  me: '/pages/me/index',
  login: '/pages/login/index',
  createText: '/pages/create-text/index',
  createImage: '/pages/create-image/index',
  createWeb: '/pages/create-web/index',
  generating: '/pages/generating/index',
  result: '/pages/result/index',
  password: '/pages/password/index',
  createPack: '/pages/create-pack/index',
  pack: '/pages/pack/index',
  packs: '/pages/packs/index',
  recharge: '/pages/recharge/index',
  legal: '/pages/legal/index',
} as const

export const TAB_ROUTES: readonly string[] = [ROUTES.home, ROUTES.stickers, ROUTES.me]

export const CREATE_ROUTE_BY_KIND: Record<StickerKind, string> = {
  text: ROUTES.createText,
  image: ROUTES.createImage,
  web_search: ROUTES.createWeb,
}

/** Recharge page: how often and how long it waits for an order's delivery after paying. */
export const ORDER_POLL_MS = 1500
export const ORDER_WAIT_MS = 120_000
/** the order being paid on the simulator's page (H5 leaves the app to pay and comes back) */
export const PENDING_ORDER_KEY = 'bqgf_pending_order'
