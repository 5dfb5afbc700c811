import { Body, Controller, Get, Inject, Param, Post, Put } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { idParam } from '../../dto/params';
import { HiddenDTO, MoveDTO } from '../../dto/admin/admin-body.dto';
import { TemplateService } from '../../service/showcase/template.service';
import { TemplateDTO } from '../../dto/showcase/template.dto';
import { ok } from '../../util/envelope';

const TEMPLATE_ID = idParam('模板不存在');

/** "做同款" templates: list (hidden ones too), create, edit, hide/show, order. Every change is audited. */
@Controller('/api/v1/admin/templates')
export class AdminTemplateController {
  @Inject()
  ctx: Context;

  @Inject()
  templates: TemplateService;

  /** → AdminTemplateView[] in home-page order */
  @ApiResponse(answers(200, 'AdminTemplateListOk'))
  @Get('/')
  async list() {
    return ok(this.ctx, await this.templates.adminList());
  }

  /** TemplateInput → AdminTemplateView */
  @ApiResponse(answers(200, 'AdminTemplateOk'))
  @Post('/')
  async create(@Body() body: TemplateDTO) {
    return ok(this.ctx, await this.templates.create(this.ctx.user!.id, body), '模板已创建');
  }

  /** TemplateInput → AdminTemplateView */
  @ApiResponse(answers(200, 'AdminTemplateOk'))
  @Put('/:id')
  async update(@Param('id', [TEMPLATE_ID]) id: number, @Body() body: TemplateDTO) {
    return ok(this.ctx, await this.templates.update(this.ctx.user!.id, id, body), '模板已保存');
  }

  /** {hidden: boolean} → AdminTemplateView */
  @ApiResponse(answers(200, 'AdminTemplateOk'))
  @Post('/:id/visibility')
  async visibility(@Param('id', [TEMPLATE_ID]) id: number, @Body() body: HiddenDTO) {
    const hidden = body.hidden;
    return ok(this.ctx, await this.templates.setHidden(this.ctx.user!.id, id, hidden), hidden ? '模板已隐藏' : '模板已显示');
  }

  /** {direction: up|down|top|bottom} → {id, position} */
  @ApiResponse(answers(200, 'TemplateMovedOk'))
  @Post('/:id/move')
  async move(@Param('id', [TEMPLATE_ID]) id: number, @Body() body: MoveDTO) {
    const direction = body.direction;
    return ok(this.ctx, await this.templates.move(this.ctx.user!.id, id, direction), '顺序已调整');
  }
}
