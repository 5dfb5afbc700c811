import { Controller, Get, Inject, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { AdminStatsService } from '../../service/admin/admin-stats.service';
import { AdminProviderErrorQuery, DashboardQuery } from '../../dto/admin/admin-query.dto';
import { pageOf } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

/** The dashboard: is it working, who is stuck, what did it cost. Admin only (auth middleware). */
@Controller('/api/v1/admin/stats')
export class AdminStatsController {
  @Inject()
  ctx: Context;

  @Inject()
  stats: AdminStatsService;

  /** ?days=30 (7–90) → AdminDashboard */
  @ApiResponse(answers(200, 'AdminDashboardOk'))
  @Get('/dashboard')
  async dashboard(@Query() query: DashboardQuery) {
    return ok(this.ctx, await this.stats.dashboard(query.days ?? 30));
  }

  /** ?page&page_size&provider → Paged<ProviderErrorView>, newest first */
  @ApiResponse(answers(200, 'ProviderErrorPageOk'))
  @Get('/errors')
  async errors(@Query() query: AdminProviderErrorQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(this.ctx, await this.stats.providerErrors(page, pageSize, query.provider));
  }
}
