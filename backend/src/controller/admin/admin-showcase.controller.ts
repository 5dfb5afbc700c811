import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { pageOf, PageQuery } from '../../dto/page.dto';
import { AdminShowcaseService } from '../../service/admin/admin-showcase.service';
import { MoveDTO } from '../../dto/admin/admin-body.dto';
import { ok } from '../../util/envelope';

/** The featured stickers, in home-page order. Adding/removing is POST /admin/tasks/:jobId/showcase. */
@Controller('/api/v1/admin/showcase')
export class AdminShowcaseController {
  @Inject()
  ctx: Context;

  @Inject()
  showcase: AdminShowcaseService;

  /** ?page&page_size → Paged<AdminShowcaseItem> */
  @ApiResponse(answers(200, 'AdminShowcasePageOk'))
  @Get('/')
  async list(@Query() query: PageQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(this.ctx, await this.showcase.adminList(page, pageSize));
  }

  /** {direction: up|down|top|bottom} → {jobId, position} */
  @ApiResponse(answers(200, 'ShowcaseMovedOk'))
  @Post('/:jobId/move')
  async move(@Param('jobId') jobId: string, @Body() body: MoveDTO) {
    const direction = body.direction;
    return ok(this.ctx, await this.showcase.move(this.ctx.user!.id, jobId, direction), '顺序已调整');
  }
}
