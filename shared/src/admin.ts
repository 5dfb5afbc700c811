/** The operators' console API (`/api/v1/admin/*`, admin role only; app envelope). */
import type { CreditSummary, StickerKind } from './credit';
import type { TaskStatus } from './task';

// ---------------------------------------------------------------- audit log

/** What an admin did. Every admin request that changes something writes one AdminAuditView row. */
export type AdminAction =
  | 'credits.grant'
  | 'credits.deduct'
  | 'user.disable'
  | 'user.enable'
  | 'user.promote'
  | 'task.retry'
  | 'task.fail'
  | 'showcase.add'
  | 'showcase.remove'
  | 'showcase.move'
  | 'template.create'
  | 'template.update'
  | 'template.move'
  | 'template.hide'
  | 'template.show'
  | 'order.refund'
  | 'content.blocked-words'
  | 'content.pack-presets';

export const ADMIN_ACTION_LABELS: Record<AdminAction, string> = {
  'credits.grant': '发放积分',
  'credits.deduct': '扣除积分',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.promote': '设为管理员',
  'task.retry': '代用户重试',
  'task.fail': '标记失败并退回积分',
  'showcase.add': '加入精选',
  'showcase.remove': '移出精选',
  'showcase.move': '调整精选顺序',
  'template.create': '新建模板',
  'template.update': '修改模板',
  'template.move': '调整模板顺序',
  'template.hide': '隐藏模板',
  'template.show': '显示模板',
  'order.refund': '订单退款',
  'content.blocked-words': '修改敏感词',
  'content.pack-presets': '修改表情预设',
};

/** what an admin action was about; targetId is a user id, a job id or a template id */
export type AuditTargetType = 'user' | 'task' | 'template' | 'order' | 'content';

export interface AdminAuditView {
  id: number;
  /** the admin's user id; null for the command line (npm run admin:create) */
  actorId: number | null;
  actorPhone: string | null;
  action: AdminAction;
  /** content: the blocked-word list (targetId 'blocked-words') */
  targetType: AuditTargetType;
  /** user id, job id, template id, outTradeNo, or 'blocked-words' */
  targetId: string;
  reason: string;
  /** what changed (amount, entry id, new job id, …) */
  details: Record<string, unknown> | null;
  createdAt: string;
}

// ---------------------------------------------------------------- dashboard

/** Days are calendar days in China time (UTC+8), `YYYY-MM-DD`. */
export interface DailyStickers {
  date: string;
  /** tasks created that day, by their current status */
  byStatus: Partial<Record<TaskStatus, number>>;
  total: number;
}

export interface DailyCredits {
  date: string;
  /** credits added: bonus + purchase + grant */
  granted: number;
  /** credits spent on stickers (settled holds) */
  spent: number;
}

export interface ProviderStats {
  /** provider name; '-' for tasks that never reached a provider */
  provider: string;
  succeeded: number;
  failed: number;
  /** succeeded / (succeeded + failed), 0–1; null when nothing finished */
  successRate: number | null;
  /** median seconds from creation to finished GIF (succeeded tasks); null when none */
  medianTotalSeconds: number | null;
  /** median seconds the provider took (submitted → video ready) */
  medianProviderSeconds: number | null;
}

export interface ProviderLoad {
  provider: string;
  /** PENDING/RUNNING at the provider now */
  inFlight: number;
  maxConcurrent: number;
  submitPerSecond: number;
  simulated: boolean;
}

export interface AdminDashboard {
  users: { total: number; newToday: number; disabled: number; admins: number };
  days: number;
  stickersPerDay: DailyStickers[];
  creditsPerDay: DailyCredits[];
  signupsPerDay: Array<{ date: string; count: number }>;
  providers: ProviderStats[];
  load: ProviderLoad[];
  /** tasks waiting for a provider slot, and converting */
  queued: number;
  converting: number;
  generatedAt: string;
}

export interface ProviderErrorView {
  eventId: number;
  jobId: string;
  /** failed | retry_later | failover */
  type: string;
  source: string;
  provider: string | null;
  message: string;
  createdAt: string;
}

// ---------------------------------------------------------------- users

export interface AdminUserRow {
  id: number;
  /** full number: operators look users up by phone */
  phone: string;
  role: 'user' | 'admin';
  disabled: boolean;
  credits: number;
  frozenCredits: number;
  stickers: number;
  createdAt: string;
}

export interface AdminLotView {
  id: number;
  source: 'bonus' | 'purchase' | 'grant';
  amount: number;
  remaining: number;
  held: number;
  createdAt: string;
  expiresAt: string | null;
}

export interface AdminUserDetail extends AdminUserRow {
  hasPassword: boolean;
  wechatLinked: boolean;
  summary: CreditSummary;
  /** lots with credits left (available or held), soonest expiry first */
  lots: AdminLotView[];
}

/** POST /admin/users/:id/grant and /deduct */
export interface AdminCreditRequest {
  amount: number;
  reason: string;
  /** makes a double submit harmless (the form sends one per opening) */
  idempotencyKey?: string;
}

/** POST /admin/users/:id/disable, /enable, /admin/tasks/:jobId/fail */
export interface AdminReasonRequest {
  reason: string;
}

// ---------------------------------------------------------------- tasks

export interface AdminTaskRow {
  jobId: string;
  userId: number;
  phone: string;
  kind: StickerKind;
  status: TaskStatus;
  provider: string | null;
  prompt: string;
  credits: number;
  errorCode: string | null;
  showcase: boolean;
  deleted: boolean;
  /** taken down by a late content verdict: the owner gets no file URLs, never featured */
  hidden: boolean;
  /** the finished GIF, for previews */
  gifUrl: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface TaskEventView {
  id: number;
  type: string;
  source: string;
  status: string | null;
  data: unknown;
  createdAt: string;
}

export interface AdminTaskDetail extends AdminTaskRow {
  mode: 't2v' | 'i2v';
  model: string | null;
  providerTaskId: string | null;
  providerPrompt: string | null;
  negativePrompt: string | null;
  caption: string | null;
  role: string | null;
  source: string | null;
  errorMessage: string | null;
  providerError: string | null;
  retryOf: string | null;
  attempts: number;
  routeIndex: number;
  /** the exact text the user sees when an operator marks the task failed (the fail dialog quotes it) */
  adminFailMessage: string;
  /** the owner's "允许展示" switch: without it the sticker cannot be featured */
  showcaseAllowed: boolean;
  timings: {
    createdAt: string;
    submittedAt: string | null;
    providerDoneAt: string | null;
    finishedAt: string | null;
    /** seconds between the stages (null when a stage was not reached) */
    queueSeconds: number | null;
    providerSeconds: number | null;
    convertSeconds: number | null;
    totalSeconds: number | null;
    convertMs: number | null;
  };
  gif: {
    url: string;
    bytes: number | null;
    width: number | null;
    height: number | null;
    frames: number | null;
    fps: number | null;
    rung: string | null;
  } | null;
  mp4Url: string | null;
  thumbnailUrl: string | null;
  imageUrl: string | null;
  /** the status history, oldest first (at most the last 200 events) */
  events: TaskEventView[];
  eventsTotal: number;
  /**
   * provider tasks this sticker may have started that we could not follow (a crash mid-submit, an unanswered
   * create): the `orphaned` events, all of them, to match against the provider's bill (docs/deploy.md)
   */
  orphans: TaskEventView[];
}

/** POST /admin/tasks/:jobId/showcase */
export interface AdminShowcaseRequest {
  featured: boolean;
  reason?: string;
}

export interface AdminShowcaseItem {
  jobId: string;
  userId: number;
  kind: StickerKind;
  prompt: string;
  gifUrl: string | null;
  thumbnailUrl: string | null;
  order: number;
  /** 1-based place on the home page */
  position: number;
  createdAt: string;
}

/** POST /admin/showcase/:jobId/move */
export type ShowcaseMove = 'up' | 'down' | 'top' | 'bottom';
