import { Controller, Get, Inject, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { AdminStatsService } from '../../service/admin/admin-stats.service';
import { AdminProviderErrorQuery, DashboardQuery } from '../../dto/admin/admin-query.dto';
import { validation } from '../../error/app.error';
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
  @Get('/dashboard')
  async dashboard(@Query() query: DashboardQuery) {
    return ok(this.ctx, await this.stats.dashboard(query.days ?? 30));
  }

  /** ?page&page_size&provider → Paged<ProviderErrorView>, newest first */
  @Get('/errors')
  async errors(@Query() query: AdminProviderErrorQuery) {
    const { page, pageSize } = pageOf(query);
    const provider = query.provider;
    if (provider && !/^[a-z0-9-]{1,16}$/.test(provider)) throw validation('provider 格式错误', { field: 'provider' });
    return ok(this.ctx, await this.stats.providerErrors(page, pageSize, provider));
  }
}
