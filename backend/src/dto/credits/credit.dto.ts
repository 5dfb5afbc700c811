/** `GET /api/v1/credits/transactions?page&page_size&type=settle,release`: the caller's ledger, newest first. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { LEDGER_ENTRY_TYPES, LedgerEntryType } from '@app/shared';
import { validation } from '../../error/app.error';
import { PageQuery } from '../page.dto';

export class CreditTransactionsQuery extends PageQuery {
  @ApiProperty({ required: false, description: `逗号分隔：${LEDGER_ENTRY_TYPES.join(',')}`, example: 'settle,release' })
  @Rule(
    RuleType.any().custom(raw => {
      if (raw === '') return undefined;
      if (typeof raw !== 'string') throw validation('type 只能出现一次', { field: 'type' });
      const types = raw
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
      const bad = types.filter(t => !(LEDGER_ENTRY_TYPES as string[]).includes(t));
      if (bad.length) throw validation(`未知的流水类型：${bad.join(', ').slice(0, 200)}`, { field: 'type', allowed: LEDGER_ENTRY_TYPES });
      return types.length ? (types as LedgerEntryType[]) : undefined;
    }),
  )
  type?: LedgerEntryType[];
}
