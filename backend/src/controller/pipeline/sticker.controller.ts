import { Body, Controller, Del, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { ApiResponse } from '@midwayjs/swagger';
import { RecaptionService } from '../../service/pipeline/recaption.service';
import { TaskService } from '../../service/pipeline/task.service';
import { RecaptionDTO, ShowcasePermissionDTO, StickerCreateDTO, StickerListQuery } from '../../dto/pipeline/sticker.dto';
import { answers } from '../../openapi/responses';
import { pageOf } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

/** The app's own sticker API (app envelope): create, my stickers, detail, delete, retry, cancel. */
@Controller('/api/v1/stickers')
export class StickerController {
  @Inject()
  ctx: Context;

  @Inject()
  tasks: TaskService;

  @Inject()
  recaptions: RecaptionService;

  @ApiResponse(answers(200, 'StickerOk'))
  @Post('/')
  async create(@Body() body: StickerCreateDTO) {
    const task = await this.tasks.create(this.ctx.user!.id, body);
    return ok(this.ctx, await this.tasks.view(task), '已开始生成');
  }

  @ApiResponse(answers(200, 'StickerPageOk'))
  @Get('/')
  async list(@Query() query: StickerListQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(this.ctx, await this.tasks.list(this.ctx.user!.id, page, pageSize, query.status));
  }

  @ApiResponse(answers(200, 'StickerOk'))
  @Get('/:jobId')
  async detail(@Param('jobId') jobId: string) {
    return ok(this.ctx, await this.tasks.view(await this.tasks.mustFind(this.ctx.user!.id, jobId)));
  }

  @ApiResponse(answers(200, 'StickerDeletedOk'))
  @Del('/:jobId')
  async remove(@Param('jobId') jobId: string) {
    await this.tasks.remove(this.ctx.user!.id, jobId);
    return ok(this.ctx, { jobId }, '已删除');
  }

  @ApiResponse(answers(200, 'StickerOk'))
  @Post('/:jobId/retry')
  async retry(@Param('jobId') jobId: string) {
    return ok(this.ctx, await this.tasks.view(await this.tasks.retry(this.ctx.user!.id, jobId)), '已重新开始生成');
  }

  /** Free: new caption and/or style for a finished sticker, re-rendered from its MP4 (RecaptionRequest). */
  @ApiResponse(answers(200, 'StickerOk'))
  @Post('/:jobId/recaption')
  async recaption(@Param('jobId') jobId: string, @Body() body: RecaptionDTO) {
    const task = await this.recaptions.recaption(this.ctx.user!.id, jobId, { caption: body.caption, style: body.captionStyle });
    return ok(this.ctx, await this.tasks.view(task), '已改好');
  }

  /** The owner's "允许展示" switch: `{ allowed: true | false }`. Off also takes it out of the showcase. */
  @ApiResponse(answers(200, 'StickerOk'))
  @Post('/:jobId/showcase-permission')
  async showcasePermission(@Param('jobId') jobId: string, @Body() body: ShowcasePermissionDTO) {
    const on = body.allowed;
    const task = await this.tasks.setShowcaseAllowed(this.ctx.user!.id, jobId, on);
    return ok(this.ctx, await this.tasks.view(task), on ? '已允许在首页精选中展示' : '已撤回展示许可，不会出现在首页精选中');
  }

  @ApiResponse(answers(200, 'StickerOk'))
  @Post('/:jobId/cancel')
  async cancel(@Param('jobId') jobId: string) {
    return ok(this.ctx, await this.tasks.view(await this.tasks.cancel(this.ctx.user!.id, jobId)), '已取消，积分已退回');
  }
}
