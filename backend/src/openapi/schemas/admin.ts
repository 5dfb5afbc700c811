/** The operators' console: users, the audit log, content checks and the word list, the dashboard, provider errors. */
import {
  ADMIN_ACTION_LABELS,
  AdminAuditView,
  AdminDashboard,
  AdminLotView,
  AdminUserDetail,
  AdminUserRow,
  AuditTargetType,
  DailyCredits,
  DailyStickers,
  ProviderErrorView,
  ProviderLoad,
  ProviderStats,
  TASK_STATUSES,
} from '@app/shared';
import type { ContentRejectionView } from '../../service/content/content-guard.service';
import { role } from './accounts';
import { appOk, arrayOf, bool, day, int, JOB_ID, keysOf, mapOf, nullable, num, obj, oneOfStrings, pageOf, paged, ref, Schema, str, T0, time } from './common';
import { SUMMARY_EXAMPLE } from './credits';

const userRowFields: { [K in keyof AdminUserRow]: Schema } = {
  id: int,
  phone: str,
  role,
  disabled: bool,
  credits: int,
  frozenCredits: int,
  stickers: int,
  createdAt: time,
};
const lot = obj<AdminLotView>({
  id: int,
  source: oneOfStrings(keysOf<AdminLotView['source']>({ bonus: 1, purchase: 1, grant: 1 })),
  amount: int,
  remaining: int,
  held: int,
  createdAt: time,
  expiresAt: nullable(time),
});

const USER_ROW_EXAMPLE: AdminUserRow = {
  id: 2,
  phone: '13800000000',
  role: 'user',
  disabled: false,
  credits: 100,
  frozenCredits: 0,
  stickers: 3,
  createdAt: T0,
};
const USER_DETAIL_EXAMPLE: AdminUserDetail = {
  ...USER_ROW_EXAMPLE,
  hasPassword: true,
  wechatLinked: false,
  summary: SUMMARY_EXAMPLE,
  lots: [{ id: 1, source: 'bonus', amount: 100, remaining: 100, held: 0, createdAt: T0, expiresAt: null }],
};
const AUDIT_EXAMPLE: AdminAuditView = {
  id: 1,
  actorId: 1,
  actorPhone: '13900000000',
  action: 'credits.grant',
  targetType: 'user',
  targetId: '2',
  reason: '活动补偿',
  details: { amount: 50, entryId: 7 },
  createdAt: T0,
};
const REJECTION_EXAMPLE: ContentRejectionView = {
  id: 1,
  userId: 2,
  phone: '138****0000',
  kind: 'text',
  field: 'prompt',
  checker: 'wordlist',
  action: 'rejected',
  label: '违禁词',
  excerpt: '……违禁词……',
  traceId: null,
  createdAt: T0,
};
const DASHBOARD_EXAMPLE: AdminDashboard = {
  users: { total: 12, newToday: 1, disabled: 0, admins: 1 },
  days: 7,
  stickersPerDay: [{ date: '2026-01-01', byStatus: { SUCCEEDED: 5, FAILED: 1 }, total: 6 }],
  creditsPerDay: [{ date: '2026-01-01', granted: 200, spent: 100 }],
  signupsPerDay: [{ date: '2026-01-01', count: 2 }],
  providers: [{ provider: 'dashscope', succeeded: 5, failed: 1, successRate: 0.833, medianTotalSeconds: 62.5, medianProviderSeconds: 48 }],
  load: [{ provider: 'dashscope', inFlight: 1, maxConcurrent: 2, submitPerSecond: 1, simulated: true }],
  queued: 0,
  converting: 0,
  generatedAt: T0,
};
const ERROR_EXAMPLE: ProviderErrorView = {
  eventId: 9,
  jobId: JOB_ID,
  type: 'retry_later',
  source: 'dispatcher',
  provider: 'kie',
  message: 'HTTP 429',
  createdAt: T0,
};

export const ADMIN_SCHEMAS: Record<string, Schema> = {
  AdminUserRow: { ...obj<AdminUserRow>(userRowFields), example: USER_ROW_EXAMPLE },
  AdminUserPageOk: appOk(paged(ref('AdminUserRow')), pageOf(USER_ROW_EXAMPLE)),
  AdminUserRowOk: appOk(ref('AdminUserRow'), USER_ROW_EXAMPLE, '账号已停用'),
  AdminUserDetailOk: appOk(
    obj<AdminUserDetail>({ ...userRowFields, hasPassword: bool, wechatLinked: bool, summary: ref('CreditSummary'), lots: arrayOf(lot) }),
    USER_DETAIL_EXAMPLE,
  ),
  AdminAuditPageOk: appOk(
    paged(
      obj<AdminAuditView>({
        id: int,
        actorId: nullable(int),
        actorPhone: nullable(str),
        action: oneOfStrings(keysOf(ADMIN_ACTION_LABELS)),
        targetType: oneOfStrings(keysOf<AuditTargetType>({ user: 1, task: 1, template: 1, order: 1, content: 1 })),
        targetId: str,
        reason: str,
        details: nullable({ type: 'object', additionalProperties: true }),
        createdAt: time,
      }),
    ),
    pageOf(AUDIT_EXAMPLE),
  ),
  ContentRejectionPageOk: appOk(
    paged(
      obj<ContentRejectionView>({
        id: int,
        userId: int,
        phone: str,
        kind: oneOfStrings(['text', 'image']),
        field: str,
        checker: str,
        action: oneOfStrings(keysOf<ContentRejectionView['action']>({ rejected: 1, review: 1, hidden: 1 })),
        label: str,
        excerpt: str,
        traceId: nullable(str),
        createdAt: time,
      }),
    ),
    pageOf(REJECTION_EXAMPLE),
  ),
  BlockedWordsOk: appOk(obj<{ words: string[]; fileWords: string[] }>({ words: arrayOf(str), fileWords: arrayOf(str) }), {
    words: ['违禁词'],
    fileWords: ['示例词'],
  }),
  AdminDashboardOk: appOk(
    obj<AdminDashboard>({
      users: obj<AdminDashboard['users']>({ total: int, newToday: int, disabled: int, admins: int }),
      days: int,
      stickersPerDay: arrayOf(obj<DailyStickers>({ date: day, byStatus: mapOf(int, TASK_STATUSES), total: int })),
      creditsPerDay: arrayOf(obj<DailyCredits>({ date: day, granted: int, spent: int })),
      signupsPerDay: arrayOf(obj<AdminDashboard['signupsPerDay'][number]>({ date: day, count: int })),
      providers: arrayOf(
        obj<ProviderStats>({
          provider: str,
          succeeded: int,
          failed: int,
          successRate: nullable(num),
          medianTotalSeconds: nullable(num),
          medianProviderSeconds: nullable(num),
        }),
      ),
      load: arrayOf(obj<ProviderLoad>({ provider: str, inFlight: int, maxConcurrent: int, submitPerSecond: num, simulated: bool })),
      queued: int,
      converting: int,
      generatedAt: time,
    }),
    DASHBOARD_EXAMPLE,
  ),
  ProviderErrorPageOk: appOk(
    paged(
      obj<ProviderErrorView>({
        eventId: int,
        jobId: str,
        type: oneOfStrings(['failed', 'retry_later', 'failover']),
        source: str,
        provider: nullable(str),
        message: str,
        createdAt: time,
      }),
    ),
    pageOf(ERROR_EXAMPLE),
  ),
};
