import { Body, Config, Controller, Get, Inject, Param, Post } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { LegacyCreateResponse, LegacyQueryResponse } from '@app/shared';
import { validation } from '../../error/app.error';
import { TaskService } from '../../service/pipeline/task.service';
import { TaskQueryService } from '../../service/pipeline/task-query.service';
import { asBody, text } from '../../util/body';

const CREATED = '任务创建成功';

/**
 * seed 001 §2.2–§2.3 — the video API existing form-data clients speak, to the letter.
 * Errors from create come out as `{error}` (the error filter knows these paths).
 */
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

  @Post('/create')
  async create(@Body() raw: unknown): Promise<LegacyCreateResponse> {
    const body = asBody(raw);
    const type = text(body, 'type');
    if (type !== 'text_to_video' && type !== 'image_to_video') {
      throw validation('type 必须为 text_to_video 或 image_to_video');
    }
    const task = await this.tasks.create(this.ctx.user!.id, {
      kind: type === 'text_to_video' ? 'text' : 'image',
      prompt: text(body, 'prompt'),
      negativePrompt: text(body, 'negative_prompt'),
      size: text(body, 'size'),
      resolution: text(body, 'resolution'),
      imageDataUri: text(body, 'img_base64'),
      imageId: text(body, 'image_id'), // additive: an id from POST /api/v1/upload/image
      caption: text(body, 'caption'), // additive: 表情包 text drawn on the GIF
    });
    return { code: 200, message: CREATED, data: { job_id: task.jobId } };
  }

  /** 文生表情包（联网）: Qwen with web search describes the role, then text-to-video. */
  @Post('/create_with_prompt')
  async createWithPrompt(@Body() raw: unknown): Promise<LegacyCreateResponse> {
    const body = asBody(raw);
    const task = await this.tasks.create(this.ctx.user!.id, {
      kind: 'web_search',
      role: text(body, 'role'),
      source: text(body, 'source'),
      action: text(body, 'action'),
      size: text(body, 'size'),
      caption: text(body, 'caption'),
    });
    return { code: 200, message: CREATED, data: { job_id: task.jobId } };
  }

  @Get('/query/:job_id')
  async query(@Param('job_id') jobId: string): Promise<LegacyQueryResponse> {
    const data = await this.queries.legacyQuery(this.ctx.user!.id, jobId, this.queryRefreshSeconds);
    if (!data) {
      // unknown, deleted, or someone else's job: the same answer, so ids cannot be probed
      this.ctx.status = 404;
      return { code: 500, message: '任务不存在', data: { job_id: String(jobId).slice(0, 64), status: 'UNKNOWN' } };
    }
    return { code: 200, data };
  }
}
