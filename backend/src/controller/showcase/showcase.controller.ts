import { Controller, Get, Inject, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { AdminShowcaseService } from '../../service/admin/admin-showcase.service';
import { ok } from '../../util/envelope';
import { paging } from '../../util/paging';

/** The featured stickers on the mini-program's home page. Public (see the auth middleware). */
@Controller('/api/v1/showcase')
export class ShowcaseController {
  @Inject()
  ctx: Context;

  @Inject()
  showcase: AdminShowcaseService;

  /** ?page&page_size → Paged<ShowcaseItem> in the operators' order */
  @Get('/')
  async list(@Query() query: Record<string, unknown>) {
    const { page, pageSize } = paging(query);
    return ok(this.ctx, await this.showcase.publicList(page, pageSize));
  }
}
