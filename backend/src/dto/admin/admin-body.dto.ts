/**
 * Bodies of the admin API's actions. Every action's reason goes to the audit log: required ones name the action in
 * their message ('请填写发放原因'), optional ones read as '' when absent. The reason is declared last, so a form with
 * several faults is answered for its other fields first.
 */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { ShowcaseMove } from '@app/shared';
import { validation } from '../../error/app.error';
import { REASON_MAX } from '../../service/admin/admin-audit.service';
import { mustRead } from '../rules';
import { adminRule, amountField, boolField, keyField, requiredAdminRule } from './admin-rules';

/** A reason: trimmed, 1–255 characters, else 400 naming the action's reason. */
const reasonOf =
  (what: string) =>
  (raw: unknown): string => {
    const reason = typeof raw === 'string' ? raw.trim() : '';
    if (!reason) throw validation(`请填写${what}`, { field: 'reason' });
    if (reason.length > REASON_MAX) throw validation(`${what}最多 ${REASON_MAX} 个字`, { field: 'reason' });
    return reason;
  };

/** A required reason for the action named `what`. */
export const requiredReason = (what = '原因') => mustRead(reasonOf(what));

/** An optional reason: '' when absent, null or '', 400 when it is not text or too long. */
export const optionalReason = () =>
  RuleType.any()
    .default('')
    .custom(v => (v === null || v === '' ? '' : reasonOf('原因')(v)));

const REASON_DOC = { description: `操作原因（写入操作日志，最多 ${REASON_MAX} 字）`, example: '客服补偿' };

/** An action whose reason may be left out. */
export class ReasonDTO {
  @ApiProperty({ required: false, ...REASON_DOC })
  @Rule(optionalReason())
  reason: string;
}

/** Marking a task failed (the hold is released). */
export class FailReasonDTO {
  @ApiProperty(REASON_DOC)
  @Rule(requiredReason())
  reason: string;
}

export class RefundReasonDTO {
  @ApiProperty(REASON_DOC)
  @Rule(requiredReason('退款原因'))
  reason: string;
}

export class DisableReasonDTO {
  @ApiProperty(REASON_DOC)
  @Rule(requiredReason('停用原因'))
  reason: string;
}

export class EnableReasonDTO {
  @ApiProperty(REASON_DOC)
  @Rule(requiredReason('启用原因'))
  reason: string;
}

class CreditChangeDTO {
  @ApiProperty({ type: 'integer', description: '1 到 100000000 之间的整数', example: 100 })
  @Rule(requiredAdminRule(amountField, 'amount'))
  amount: number;

  @ApiProperty({ required: false, description: '幂等键（重复提交只生效一次）' })
  @Rule(adminRule(keyField, 'idempotencyKey'))
  idempotencyKey?: string;
}

export class GrantDTO extends CreditChangeDTO {
  @ApiProperty(REASON_DOC)
  @Rule(requiredReason('发放原因'))
  reason: string;
}

export class DeductDTO extends CreditChangeDTO {
  @ApiProperty(REASON_DOC)
  @Rule(requiredReason('扣除原因'))
  reason: string;
}

export class FeaturedDTO {
  @ApiProperty({ type: 'boolean' })
  @Rule(requiredAdminRule(boolField, 'featured'))
  featured: boolean;

  @ApiProperty({ required: false, ...REASON_DOC })
  @Rule(optionalReason())
  reason: string;
}

export class HiddenDTO {
  @ApiProperty({ type: 'boolean' })
  @Rule(requiredAdminRule(boolField, 'hidden'))
  hidden: boolean;
}

const MOVES: ShowcaseMove[] = ['up', 'down', 'top', 'bottom'];

export class MoveDTO {
  @ApiProperty({ enum: MOVES })
  @Rule(
    mustRead(v => {
      const direction = typeof v === 'string' ? v.trim() : '';
      if (!MOVES.includes(direction as ShowcaseMove)) throw validation(`direction 只能是 ${MOVES.join('、')}`, { field: 'direction' });
      return direction as ShowcaseMove;
    }),
  )
  direction: ShowcaseMove;
}
