import { Body, Controller, Get, Inject, Put } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { PackPresetService } from '../../service/pack/pack-preset.service';
import { PackPresetsDTO } from '../../dto/admin/admin-lists.dto';
import { ok } from '../../util/envelope';

/** Sticker packs for operators: the expression presets of the create-pack page. */
@Controller('/api/v1/admin')
export class AdminPackController {
  @Inject()
  ctx: Context;

  @Inject()
  presets: PackPresetService;

  /** → ExpressionPreset[] (the shipped defaults until a list is saved) */
  @ApiResponse(answers(200, 'ExpressionPresetsOk'))
  @Get('/pack-presets')
  async list() {
    return ok(this.ctx, await this.presets.list());
  }

  /** {presets: [{label, action, caption}], reason?} replaces the list, in this order (audited) */
  @ApiResponse(answers(200, 'ExpressionPresetsOk'))
  @Put('/pack-presets')
  async save(@Body() body: PackPresetsDTO) {
    return ok(this.ctx, await this.presets.replace(body.presets, this.ctx.user!.id, body.reason), '表情预设已保存');
  }
}
