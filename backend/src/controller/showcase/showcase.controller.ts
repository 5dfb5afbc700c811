import { Controller, Get, Inject, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { AdminShowcaseService } from '../../service/admin/admin-showcase.service';
import { pageOf, PageQuery } from '../../dto/page.dto';
import { cacheableOk } from '../../util/etag';

/** how long a client or a CDN may keep a showcase page (a sticker taken off the showcase can stay that long) */
export const SHOWCASE_MAX_AGE = 10;

/** The featured stickers on the mini-program's home page. Public (see the auth middleware). */
@Controller('/api/v1/showcase')
export class ShowcaseController {
  @Inject()
  ctx: Context;

  @Inject()
  showcase: AdminShowcaseService;

  /**
   * ?page&page_size → Paged<ShowcaseItem> in the operators' order. With an ETag of the data: a client that sends it
   * back in If-None-Match gets 304 and no body. Caches may keep it SHOWCASE_MAX_AGE seconds: a sticker taken off
   * the showcase can stay that long in a client's or a CDN's copy.
   */
  @ApiResponse(answers(200, 'ShowcasePageOk'))
  @ApiResponse({ status: 304, description: 'If-None-Match matched the ETag: no body' })
  @Get('/')
  async list(@Query() query: PageQuery) {
    const { page, pageSize } = pageOf(query);
    return cacheableOk(this.ctx, await this.showcase.publicList(page, pageSize), SHOWCASE_MAX_AGE);
  }
}
