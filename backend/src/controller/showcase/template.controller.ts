import { Controller, Get, Inject, Param } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { TemplateService } from '../../service/showcase/template.service';
import { ok } from '../../util/envelope';
import { idParam } from '../../dto/params';

/** "做同款" templates for everyone (no sign-in): the visible ones in admin order, or one by id. */
@Controller('/api/v1/templates')
export class TemplateController {
  @Inject()
  ctx: Context;

  @Inject()
  templates: TemplateService;

  /** → TemplateView[] */
  @ApiResponse(answers(200, 'TemplateListOk'))
  @Get('/')
  async list() {
    return ok(this.ctx, await this.templates.publicList());
  }

  /** → TemplateView (404 for a hidden or unknown one) */
  @ApiResponse(answers(200, 'TemplateOk'))
  @Get('/:id')
  async one(@Param('id', [idParam('模板不存在或已下架')]) id: number) {
    return ok(this.ctx, await this.templates.publicGet(id));
  }
}
