import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { FailReasonDTO, FeaturedDTO, ReasonDTO } from '../../dto/admin/admin-body.dto';
import { AdminTaskQuery } from '../../dto/admin/admin-query.dto';
import { AdminShowcaseService } from '../../service/admin/admin-showcase.service';
import { AdminTasksService } from '../../service/admin/admin-tasks.service';
import { pageOf } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

/** Sticker tasks for operators: filter, detail with provider history and timings, retry, mark failed, showcase. */
@Controller('/api/v1/admin/tasks')
export class AdminTaskController {
  @Inject()
  ctx: Context;

  @Inject()
  tasks: AdminTasksService;

  @Inject()
  showcase: AdminShowcaseService;

  /**
   * ?status=RUNNING,PENDING&kind=text&provider=kie|-&phone=138&user_id=7&job_id=job_…&from=2025-01-01&to=2025-01-31
   * &showcase=true&has_gif=true&page&page_size → Paged<AdminTaskRow>, newest first (dates are China-time days, both inclusive)
   */
  @ApiResponse(answers(200, 'AdminTaskPageOk'))
  @Get('/')
  async list(@Query() query: AdminTaskQuery) {
    const { page, pageSize } = pageOf(query);
    const { provider, from, to } = query;
    return ok(
      this.ctx,
      await this.tasks.list({
        page,
        pageSize,
        status: query.status,
        kind: query.kind,
        provider,
        phone: query.phone,
        userId: query.user_id,
        jobId: query.job_id,
        from,
        to,
        showcase: query.showcase,
        hasGif: query.has_gif,
      }),
    );
  }

  /** → AdminTaskDetail (prompt, provider task id, status history, timings, GIF) */
  @ApiResponse(answers(200, 'AdminTaskDetailOk'))
  @Get('/:jobId')
  async detail(@Param('jobId') jobId: string) {
    return ok(this.ctx, await this.tasks.detail(jobId));
  }

  /** {reason?} → StickerView of the new task (charged to the owner) */
  @ApiResponse(answers(200, 'StickerOk'))
  @Post('/:jobId/retry')
  async retry(@Param('jobId') jobId: string, @Body() body: ReasonDTO) {
    return ok(this.ctx, await this.tasks.retry(this.ctx.user!.id, jobId, body.reason), '已代用户重新生成');
  }

  /** {reason} → AdminTaskDetail; only for QUEUED/PENDING/RUNNING/CONVERTING (409 otherwise); the hold is released */
  @ApiResponse(answers(200, 'AdminTaskDetailOk'))
  @Post('/:jobId/fail')
  async fail(@Param('jobId') jobId: string, @Body() body: FailReasonDTO) {
    return ok(this.ctx, await this.tasks.fail(this.ctx.user!.id, jobId, body.reason), '已标记失败，积分已退回');
  }

  /** {featured: boolean, reason?} → {jobId, showcase, position} */
  @ApiResponse(answers(200, 'ShowcaseFeaturedOk'))
  @Post('/:jobId/showcase')
  async setShowcase(@Param('jobId') jobId: string, @Body() body: FeaturedDTO) {
    const featured = body.featured;
    return ok(this.ctx, await this.showcase.setFeatured(this.ctx.user!.id, jobId, featured, body.reason), featured ? '已加入精选' : '已移出精选');
  }
}
