/** Bodies of the admin API's actions. Reasons are checked by requireReason/optionalReason (admin-audit.service), whose label names the action. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { ShowcaseMove } from '@app/shared';
import { validation } from '../../error/app.error';
import { mustRead } from '../rules';
import { adminRule, amountField, boolField, keyField, requiredAdminRule } from './admin-rules';

export class ReasonDTO {
  @ApiProperty({ description: '操作原因（写入操作日志）', example: '客服补偿' })
  @Rule(RuleType.any())
  reason?: unknown;
}

export class CreditChangeDTO extends ReasonDTO {
  @ApiProperty({ type: 'integer', description: '1 到 100000000 之间的整数', example: 100 })
  @Rule(requiredAdminRule(amountField, 'amount'))
  amount: number;

  @ApiProperty({ required: false, description: '幂等键（重复提交只生效一次）' })
  @Rule(adminRule(keyField, 'idempotencyKey'))
  idempotencyKey?: string;
}

export class FeaturedDTO extends ReasonDTO {
  @ApiProperty({ type: 'boolean' })
  @Rule(requiredAdminRule(boolField, 'featured'))
  featured: boolean;
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
