import { Body, Controller, Del, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { PACK_DESCRIPTION_MAX, PACK_LABEL_MAX, PACK_SIZES, PACK_TITLE_MAX, PackSize, PackSubject } from '@app/shared';
import { AppError, validation } from '../../error/app.error';
import { PackService, PackStickerRequest } from '../../service/pack/pack.service';
import { PackZipService } from '../../service/pack/pack-zip.service';
import { StickerExportService } from '../../service/pack/sticker-export.service';
import { asBody, Body as RawBody, captionStyle, text } from '../../util/body';
import { ok } from '../../util/envelope';
import { paging } from '../../util/paging';

const SUBJECTS: PackSubject[] = ['photo', 'character', 'description'];
const ACTION_MAX = 100;

function subjectOf(v: unknown): PackSubject {
  if (typeof v !== 'string' || !SUBJECTS.includes(v as PackSubject)) throw validation('subject 必须是 photo、character 或 description');
  return v as PackSubject;
}

/** One sticker of the request: a preset's label (its action and caption by default) or the user's own expression. */
function stickerOf(raw: unknown, i: number): PackStickerRequest {
  const s = asBody(raw);
  const label = text(s, 'label');
  if (!label) throw validation(`第 ${i + 1} 个表情缺少名称`);
  if ([...label].length > PACK_LABEL_MAX) throw validation(`表情名称最多 ${PACK_LABEL_MAX} 个字`);
  const action = text(s, 'action');
  if (action && action.length > ACTION_MAX) throw validation(`表情动作最多 ${ACTION_MAX} 个字`);
  // absent: the preset's caption (or the label); an empty string: no caption
  const caption = typeof s.caption === 'string' ? s.caption.trim() || null : undefined;
  return { label, action, caption };
}

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

  @Get('/presets')
  async presets() {
    return ok(this.ctx, await this.packs.presets());
  }

  @Get('/quote')
  async quote(@Query('subject') subject: unknown, @Query('size') size: unknown) {
    const n = Number(size);
    if (!(PACK_SIZES as readonly number[]).includes(n)) throw validation(`size 只能是 ${PACK_SIZES.join('、')}`);
    return ok(this.ctx, this.packs.quote(subjectOf(subject), n as PackSize));
  }

  @Post('/')
  async create(@Body() raw: unknown) {
    const body: RawBody = asBody(raw);
    const subject = subjectOf(body.subject);
    if (!Array.isArray(body.stickers)) throw validation('stickers 必须是表情列表');
    const title = text(body, 'title');
    if (title && [...title].length > PACK_TITLE_MAX) throw validation(`表情包名称最多 ${PACK_TITLE_MAX} 个字`);
    const description = text(body, 'description');
    if (description && description.length > PACK_DESCRIPTION_MAX) throw validation(`主角描述最多 ${PACK_DESCRIPTION_MAX} 个字`);
    const pack = await this.packs.create(this.ctx.user!.id, {
      subject,
      title,
      imageId: text(body, 'imageId'),
      role: text(body, 'role'),
      source: text(body, 'source'),
      description,
      captionStyle: captionStyle(body),
      stickers: (body.stickers as unknown[]).slice(0, 17).map(stickerOf),
    });
    return ok(this.ctx, await this.packs.view(pack), '已开始生成');
  }

  @Get('/')
  async list(@Query() query: Record<string, unknown>) {
    const { page, pageSize } = paging(query);
    return ok(this.ctx, await this.packs.list(this.ctx.user!.id, page, pageSize));
  }

  @Get('/:packId')
  async detail(@Param('packId') packId: string) {
    return ok(this.ctx, await this.packs.view(await this.packs.mustFind(this.ctx.user!.id, packId)));
  }

  @Del('/:packId')
  async remove(@Param('packId') packId: string) {
    await this.packs.remove(this.ctx.user!.id, packId);
    return ok(this.ctx, { packId }, '已删除');
  }

  /** All finished stickers as a zip, streamed. */
  @Get('/:packId/zip')
  async zip(@Param('packId') packId: string) {
    const { title, entries } = await this.packs.zipEntries(this.ctx.user!.id, packId);
    const stream = await this.zips.stream(entries);
    this.attachment(`${title}.zip`);
    return stream;
  }

  /** Builds and checks the 表情开放平台 submission; the report lists every file. */
  @Post('/:packId/export')
  async exportReport(@Param('packId') packId: string) {
    const { report } = await this.exports.build(this.ctx.user!.id, packId);
    return ok(this.ctx, report, report.ok ? '全部符合要求' : '有文件不符合要求');
  }

  /** The submission as a zip, only when every check passes (422 EXPORT_INVALID with the report otherwise). */
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

  @Post('/:packId/stickers/:slot/retry')
  async retry(@Param('packId') packId: string, @Param('slot') slot: string) {
    const n = Number(slot);
    if (!Number.isInteger(n) || n < 0 || n > 15) throw validation('slot 无效');
    const userId = this.ctx.user!.id;
    await this.packs.retry(userId, packId, n);
    return ok(this.ctx, await this.packs.view(await this.packs.mustFind(userId, packId)), '已重新开始生成');
  }
}
