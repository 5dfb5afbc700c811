import { Controller, Get, Inject, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { ADMIN_ACTION_LABELS, AdminAction } from '@app/shared';
import { AdminAuditService } from '../../service/admin/admin-audit.service';
import { intParam, oneOf, Query as Q, str } from '../../service/admin/admin-params';
import { CreditService } from '../../service/credits/credit.service';
import { ok } from '../../util/envelope';
import { paging } from '../../util/paging';

const ACTIONS = Object.keys(ADMIN_ACTION_LABELS) as AdminAction[];

/** What operators did (the audit log) and whether the ledger adds up (the ledger audit). */
@Controller('/api/v1/admin')
export class AdminAuditController {
  @Inject()
  ctx: Context;

  @Inject()
  audit: AdminAuditService;

  @Inject()
  credits: CreditService;

  /** ?action=credits.grant&target_type=user&target_id=12&actor_id=1&page&page_size → Paged<AdminAuditView>, newest first */
  @Get('/audit-log')
  async log(@Query() query: Q) {
    const { page, pageSize } = paging(query);
    return ok(
      this.ctx,
      await this.audit.list({
        page,
        pageSize,
        action: oneOf(query, 'action', ACTIONS),
        targetType: oneOf(query, 'target_type', ['user', 'task', 'template', 'order', 'content'] as const),
        targetId: str(query, 'target_id')?.slice(0, 64),
        actorId: intParam(query, 'actor_id', 1, 2_147_483_647),
      }),
    );
  }

  /** Recomputes every balance from the ledger entries → LedgerAuditReport (read-only). */
  @Get('/ledger-audit')
  async ledgerAudit() {
    return ok(this.ctx, await this.credits.audit());
  }
}
