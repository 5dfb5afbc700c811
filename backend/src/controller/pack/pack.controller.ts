import { Body, Controller, Del, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers, answersRaw } from '../../openapi/responses';
import { slotParam } from '../../dto/params';
import { AppError } from '../../error/app.error';
import { PackCreateDTO, PackQuoteQuery } from '../../dto/pack/pack.dto';
import { pageOf, PageQuery } from '../../dto/page.dto';
import { PackService } from '../../service/pack/pack.service';
import { PackZipService } from '../../service/pack/pack-zip.service';
import { StickerExportService } from '../../service/pack/sticker-export.service';
import { ok } from '../../util/envelope';

/** The app's sticker-pack API (app envelope): presets and quote, create, my packs, detail, retry a sticker, delete. */
@Controller('/api/v1/packs')
export class PackController {
  @Inject()
  ctx: Context;

  @Inject()
  packs: PackService;

  @Inject()
  zips: PackZipService;

  @Inject()
  exports: StickerExportService;

  @ApiResponse(answers(200, 'PackPresetsOk'))
  @Get('/presets')
  async presets() {
    return ok(this.ctx, await this.packs.presets());
  }

  @ApiResponse(answers(200, 'PackQuoteOk'))
  @Get('/quote')
  async quote(@Query() query: PackQuoteQuery) {
    return ok(this.ctx, this.packs.quote(query.subject, query.size));
  }

  @ApiResponse(answers(200, 'PackOk'))
  @Post('/')
  async create(@Body() body: PackCreateDTO) {
    const pack = await this.packs.create(this.ctx.user!.id, body);
    return ok(this.ctx, await this.packs.view(pack), '已开始生成');
  }

  @ApiResponse(answers(200, 'PackPageOk'))
  @Get('/')
  async list(@Query() query: PageQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(this.ctx, await this.packs.list(this.ctx.user!.id, page, pageSize));
  }

  @ApiResponse(answers(200, 'PackOk'))
  @Get('/:packId')
  async detail(@Param('packId') packId: string) {
    return ok(this.ctx, await this.packs.view(await this.packs.mustFind(this.ctx.user!.id, packId)));
  }

  @ApiResponse(answers(200, 'PackDeletedOk'))
  @Del('/:packId')
  async remove(@Param('packId') packId: string) {
    await this.packs.remove(this.ctx.user!.id, packId);
    return ok(this.ctx, { packId }, '已删除');
  }

  /** All finished stickers as a zip, streamed. */
  @ApiResponse(answersRaw(200, 'application/zip', { type: 'string', format: 'binary' }, 'the finished GIFs as a zip (streamed)'))
  @Get('/:packId/zip')
  async zip(@Param('packId') packId: string) {
    const { title, entries } = await this.packs.zipEntries(this.ctx.user!.id, packId);
    const stream = await this.zips.stream(entries);
    this.attachment(`${title}.zip`);
    return stream;
  }

  /** Builds and checks the 表情开放平台 submission; the report lists every file. */
  @ApiResponse(answers(200, 'ExportReportOk'))
  @Post('/:packId/export')
  async exportReport(@Param('packId') packId: string) {
    const { report } = await this.exports.build(this.ctx.user!.id, packId);
    return ok(this.ctx, report, report.ok ? '全部符合要求' : '有文件不符合要求');
  }

  /** The submission as a zip, only when every check passes (422 EXPORT_INVALID with the report otherwise). */
  @ApiResponse(answersRaw(200, 'application/zip', { type: 'string', format: 'binary' }, 'the 表情开放平台 submission as a zip (streamed)'))
  @Get('/:packId/export.zip')
  async exportZip(@Param('packId') packId: string) {
    const { title, report, entries } = await this.exports.build(this.ctx.user!.id, packId);
    if (!report.ok) throw new AppError('EXPORT_INVALID', '投稿包没有通过检查，请先查看检查结果', { details: { report } });
    const stream = await this.zips.stream(entries);
    this.attachment(`${title}-表情开放平台.zip`);
    return stream;
  }

  private attachment(name: string) {
    this.ctx.set('Content-Type', 'application/zip');
    this.ctx.set('Content-Disposition', `attachment; filename="pack.zip"; filename*=UTF-8''${encodeURIComponent(name)}`);
  }

  @ApiResponse(answers(200, 'PackOk'))
  @Post('/:packId/stickers/:slot/retry')
  async retry(@Param('packId') packId: string, @Param('slot', [slotParam]) slot: number) {
    const userId = this.ctx.user!.id;
    await this.packs.retry(userId, packId, slot);
    return ok(this.ctx, await this.packs.view(await this.packs.mustFind(userId, packId)), '已重新开始生成');
  }
}
