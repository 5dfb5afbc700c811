import { Controller, Get, Inject, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { AdminAuditService } from '../../service/admin/admin-audit.service';
import { AdminAuditQuery } from '../../dto/admin/admin-query.dto';
import { CreditService } from '../../service/credits/credit.service';
import { pageOf } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

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
  @ApiResponse(answers(200, 'AdminAuditPageOk'))
  @Get('/audit-log')
  async log(@Query() query: AdminAuditQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(
      this.ctx,
      await this.audit.list({
        page,
        pageSize,
        action: query.action,
        targetType: query.target_type,
        targetId: query.target_id?.slice(0, 64),
        actorId: query.actor_id,
      }),
    );
  }

  /** Recomputes every balance from the ledger entries → LedgerAuditReport (read-only). */
  @ApiResponse(answers(200, 'LedgerAuditReportOk'))
  @Get('/ledger-audit')
  async ledgerAudit() {
    return ok(this.ctx, await this.credits.audit());
  }
}
