/** Query strings of the admin API's lists (all optional; page/page_size go to util/paging). */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule } from '@midwayjs/validate';
import {
  ADMIN_ACTION_LABELS,
  AdminAction,
  LEDGER_ENTRY_TYPES,
  LedgerEntryType,
  ORDER_STATUSES,
  OrderStatus,
  PAYMENT_CHANNELS,
  PaymentChannelName,
  StickerKind,
  TaskStatus,
} from '@app/shared';
import { PageQuery } from '../page.dto';
import { adminRule, boolParam, dayParam, intParam, listOf, matching, oneOf, phoneParam, str, toDayRule } from './admin-rules';

const MAX_ID = 2_147_483_647;
const TASK_STATUSES: TaskStatus[] = ['QUEUED', 'PENDING', 'RUNNING', 'CONVERTING', 'SUCCEEDED', 'FAILED', 'CANCELED'];
const KINDS: StickerKind[] = ['text', 'image', 'web_search'];
const ACTIONS = Object.keys(ADMIN_ACTION_LABELS) as AdminAction[];
const TARGET_TYPES = ['user', 'task', 'template', 'order', 'content'] as const;
/** a provider's name, or `-` (tasks that never reached one) */
const PROVIDER = /^[a-z0-9-]{1,16}$/;
const ORDER_NO = /^[0-9A-Za-z_-]{1,32}$/;

export class AdminAuditQuery extends PageQuery {
  @ApiProperty({ required: false, enum: ACTIONS })
  @Rule(adminRule(oneOf, 'action', ACTIONS))
  action?: AdminAction;

  @ApiProperty({ required: false, enum: [...TARGET_TYPES] })
  @Rule(adminRule(oneOf, 'target_type', TARGET_TYPES))
  target_type?: (typeof TARGET_TYPES)[number];

  @ApiProperty({ required: false })
  @Rule(adminRule(str, 'target_id'))
  target_id?: string;

  @ApiProperty({ required: false, type: 'integer' })
  @Rule(adminRule(intParam, 'actor_id', 1, MAX_ID))
  actor_id?: number;
}

export class AdminUserQuery extends PageQuery {
  @ApiProperty({ required: false, description: '手机号的任意一段数字' })
  @Rule(adminRule(phoneParam, 'phone'))
  phone?: string;

  @ApiProperty({ required: false, enum: ['user', 'admin'] })
  @Rule(adminRule(oneOf, 'role', ['user', 'admin'] as const))
  role?: 'user' | 'admin';

  @ApiProperty({ required: false, type: 'boolean' })
  @Rule(adminRule(boolParam, 'disabled'))
  disabled?: boolean;
}

export class AdminLedgerQuery extends PageQuery {
  @ApiProperty({ required: false, description: `逗号分隔：${LEDGER_ENTRY_TYPES.join(',')}` })
  @Rule(adminRule(listOf, 'type', LEDGER_ENTRY_TYPES, false))
  type?: LedgerEntryType[];
}

export class AdminTaskQuery extends PageQuery {
  @ApiProperty({ required: false, description: `逗号分隔：${TASK_STATUSES.join(',')}` })
  @Rule(adminRule(listOf, 'status', TASK_STATUSES, true))
  status?: TaskStatus[];

  @ApiProperty({ required: false, enum: KINDS })
  @Rule(adminRule(oneOf, 'kind', KINDS))
  kind?: StickerKind;

  @ApiProperty({ required: false, description: 'provider 名称，`-` 表示尚未提交' })
  @Rule(adminRule(matching, 'provider', PROVIDER, 'provider 格式错误'))
  provider?: string;

  @ApiProperty({ required: false })
  @Rule(adminRule(phoneParam, 'phone'))
  phone?: string;

  @ApiProperty({ required: false, type: 'integer' })
  @Rule(adminRule(intParam, 'user_id', 1, MAX_ID))
  user_id?: number;

  @ApiProperty({ required: false })
  @Rule(adminRule(str, 'job_id'))
  job_id?: string;

  @ApiProperty({ required: false, description: 'YYYY-MM-DD（北京时间，含当天）' })
  @Rule(adminRule(dayParam, 'from', false))
  from?: Date;

  @ApiProperty({ required: false, description: 'YYYY-MM-DD（北京时间，含当天）' })
  @Rule(toDayRule())
  to?: Date;

  @ApiProperty({ required: false, type: 'boolean' })
  @Rule(adminRule(boolParam, 'showcase'))
  showcase?: boolean;

  @ApiProperty({ required: false, type: 'boolean' })
  @Rule(adminRule(boolParam, 'has_gif'))
  has_gif?: boolean;
}

export class AdminOrderQuery extends PageQuery {
  @ApiProperty({ required: false, description: `逗号分隔：${ORDER_STATUSES.join(',')}` })
  @Rule(adminRule(listOf, 'status', ORDER_STATUSES, true))
  status?: OrderStatus[];

  @ApiProperty({ required: false, enum: [...PAYMENT_CHANNELS] })
  @Rule(adminRule(oneOf, 'channel', PAYMENT_CHANNELS))
  channel?: PaymentChannelName;

  @ApiProperty({ required: false, description: 'YYYY-MM-DD' })
  @Rule(adminRule(dayParam, 'from', false))
  from?: Date;

  @ApiProperty({ required: false, description: 'YYYY-MM-DD（含当天）' })
  @Rule(toDayRule())
  to?: Date;

  @ApiProperty({ required: false, type: 'boolean' })
  @Rule(adminRule(boolParam, 'alert'))
  alert?: boolean;

  @ApiProperty({ required: false, description: '订单号' })
  @Rule(adminRule(matching, 'out_trade_no', ORDER_NO, '订单号格式不正确'))
  out_trade_no?: string;

  @ApiProperty({ required: false, type: 'integer' })
  @Rule(adminRule(intParam, 'user_id', 1, MAX_ID))
  user_id?: number;
}

export class AdminRejectionQuery extends PageQuery {
  @ApiProperty({ required: false, enum: ['rejected', 'review', 'hidden'] })
  @Rule(adminRule(oneOf, 'action', ['rejected', 'review', 'hidden'] as const))
  action?: 'rejected' | 'review' | 'hidden';

  @ApiProperty({ required: false, enum: ['wordlist', 'wechat', 'wechat-media'] })
  @Rule(adminRule(oneOf, 'checker', ['wordlist', 'wechat', 'wechat-media'] as const))
  checker?: 'wordlist' | 'wechat' | 'wechat-media';

  @ApiProperty({ required: false, type: 'integer' })
  @Rule(adminRule(intParam, 'user_id', 1, MAX_ID))
  user_id?: number;
}

export class AdminProviderErrorQuery extends PageQuery {
  @ApiProperty({ required: false, description: 'provider 名称' })
  @Rule(adminRule(matching, 'provider', PROVIDER, 'provider 格式错误'))
  provider?: string;
}

export class RevenueQuery {
  @ApiProperty({ required: false, type: 'integer', description: '1–366，默认 30' })
  @Rule(adminRule(intParam, 'days', 1, 366))
  days?: number;
}

export class DashboardQuery {
  @ApiProperty({ required: false, type: 'integer', description: '7–90，默认 30' })
  @Rule(adminRule(intParam, 'days', 7, 90))
  days?: number;
}
