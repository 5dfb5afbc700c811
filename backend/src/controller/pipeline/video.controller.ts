import { Body, Config, Controller, Get, Inject, Param, Post } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { ApiResponse } from '@midwayjs/swagger';
import { LegacyCreateResponse, LegacyQueryResponse } from '@app/shared';
import { Family } from '../../decorator/api-family.decorator';
import { TaskService } from '../../service/pipeline/task.service';
import { TaskQueryService } from '../../service/pipeline/task-query.service';
import { VideoCreateDTO, VideoCreateWithPromptDTO } from '../../dto/pipeline/video.dto';

const CREATED = '任务创建成功';

/**
 * seed 001 §2.2–§2.3 — the video API existing form-data clients speak, to the letter.
 * Errors on all three routes come out as `{error, code}` (`@Family`, read by the error filter).
 */
@Family('seed001-video')
@Controller('/api/v1/video')
export class VideoController {
  @Inject()
  ctx: Context;

  @Inject()
  tasks: TaskService;

  @Inject()
  queries: TaskQueryService;

  @Config('pipeline.queryRefreshSeconds')
  queryRefreshSeconds: number;

  @ApiResponse(answers(200, 'Seed001CreateOk'))
  @Post('/create')
  async create(@Body() body: VideoCreateDTO): Promise<LegacyCreateResponse> {
    const task = await this.tasks.create(this.ctx.user!.id, {
      kind: body.type === 'text_to_video' ? 'text' : 'image',
      prompt: body.prompt,
      negativePrompt: body.negative_prompt,
      size: body.size,
      resolution: body.resolution,
      imageDataUri: body.img_base64,
      imageId: body.image_id, // additive: an id from POST /api/v1/upload/image
      caption: body.caption, // additive: 表情包 text drawn on the GIF
    });
    return { code: 200, message: CREATED, data: { job_id: task.jobId } };
  }

  /** 文生表情包（联网）: Qwen with web search describes the role, then text-to-video. */
  @ApiResponse(answers(200, 'Seed001CreateOk'))
  @Post('/create_with_prompt')
  async createWithPrompt(@Body() body: VideoCreateWithPromptDTO): Promise<LegacyCreateResponse> {
    const task = await this.tasks.create(this.ctx.user!.id, {
      kind: 'web_search',
      role: body.role,
      source: body.source,
      action: body.action,
      size: body.size,
      caption: body.caption,
    });
    return { code: 200, message: CREATED, data: { job_id: task.jobId } };
  }

  @ApiResponse(answers(200, 'Seed001QueryOk'))
  @ApiResponse(answers(404, 'Seed001QueryUnknown', '任务不存在（或不是你的）'))
  @Get('/query/:job_id')
  async query(@Param('job_id') jobId: string): Promise<LegacyQueryResponse> {
    const { status, body } = await this.queries.legacyAnswer(this.ctx.user!.id, jobId, this.queryRefreshSeconds);
    this.ctx.status = status;
    return body;
  }
}
