import { Inject, Provide } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AdminTemplateView, DEFAULT_CAPTION_STYLE, ShowcaseMove, TemplateView } from '@app/shared';
import { Task } from '../../entity/task.entity';
import { Template } from '../../entity/template.entity';
import { AppError, notFound, validation } from '../../error/app.error';
import { TemplateDTO } from '../../dto/showcase/template.dto';
import { reorder } from '../../util/reorder';
import { AdminAuditService } from '../admin/admin-audit.service';
import { fileUrl } from '../admin/admin-tasks.service';
import { styleColumns, styleOfTask } from '../pipeline/caption-style';
import { StickerMediaService } from '../pipeline/sticker-media.service';
import { UnitOfWork } from '../../unit-of-work';

/** the home page shows a short row; admins keep at most this many */
export const TEMPLATE_MAX = 100;

type TemplateFields = Omit<Template, 'id' | 'sortOrder' | 'createdAt' | 'updatedAt'>;

/**
 * "做同款" templates: admins create, edit, order and hide them (each change audited); everyone reads the
 * visible ones in order. The example is a finished sticker referenced by its jobId, shown while it stays
 * finished and not hidden by a content verdict.
 */
@Provide()
export class TemplateService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  uow: UnitOfWork;

  @Inject()
  media: StickerMediaService;

  @Inject()
  audit: AdminAuditService;

  async publicList(): Promise<TemplateView[]> {
    const rows = await this.db.getRepository(Template).find({ where: { hidden: false }, order: { sortOrder: 'ASC', id: 'ASC' } });
    return Promise.all(rows.map(t => this.view(t)));
  }

  async publicGet(id: number): Promise<TemplateView> {
    const t = await this.db.getRepository(Template).findOneBy({ id, hidden: false });
    if (!t) throw notFound('模板不存在或已下架');
    return this.view(t);
  }

  async adminList(): Promise<AdminTemplateView[]> {
    const rows = await this.ordered(this.db.manager);
    return Promise.all(
      rows.map(async (t, i) => ({
        ...(await this.view(t)),
        exampleJobId: t.exampleJobId,
        hidden: t.hidden,
        position: i + 1,
        createdAt: t.createdAt.toISOString(),
      })),
    );
  }

  /** A new template goes last. */
  async create(adminId: number, form: TemplateDTO): Promise<AdminTemplateView> {
    const fields = await this.fields(form);
    const id = await this.uow.run(async em => {
      const all = await this.ordered(em);
      if (all.length >= TEMPLATE_MAX) throw new AppError('VALIDATION_FAILED', `模板最多 ${TEMPLATE_MAX} 个，请先删减`, { status: 409 });
      const row = await em.save(em.create(Template, { ...fields, sortOrder: all.length ? all[all.length - 1]!.sortOrder + 1 : 0 }));
      await this.audit.record(
        { actorId: adminId, action: 'template.create', targetType: 'template', targetId: row.id, reason: '', details: { title: row.title, kind: row.kind } },
        em,
      );
      return row.id;
    });
    return this.adminOne(id);
  }

  /** Replaces every field but the order. */
  async update(adminId: number, id: number, form: TemplateDTO): Promise<AdminTemplateView> {
    const fields = await this.fields(form);
    await this.uow.run(async em => {
      const t = await this.find(em, id);
      await em.update(Template, { id }, fields);
      await this.audit.record(
        {
          actorId: adminId,
          action: 'template.update',
          targetType: 'template',
          targetId: id,
          reason: '',
          details: { before: { title: t.title, prompt: t.prompt, caption: t.caption } },
        },
        em,
      );
    });
    return this.adminOne(id);
  }

  /** Hides or shows a template on the home page. No change → no audit record. */
  async setHidden(adminId: number, id: number, hidden: boolean): Promise<AdminTemplateView> {
    await this.uow.run(async em => {
      const t = await this.find(em, id);
      if (t.hidden === hidden) return;
      await em.update(Template, { id }, { hidden });
      await this.audit.record({ actorId: adminId, action: hidden ? 'template.hide' : 'template.show', targetType: 'template', targetId: id, reason: '' }, em);
    });
    return this.adminOne(id);
  }

  /** One place up/down or to the top/bottom; renumbers 0..n-1. */
  async move(adminId: number, id: number, direction: ShowcaseMove): Promise<{ id: number; position: number }> {
    return this.uow.run(async em => {
      const all = await this.ordered(em);
      const from = all.findIndex(t => t.id === id);
      if (from < 0) throw notFound('模板不存在');
      const { to, order } = reorder(all, from, direction);
      if (to !== from) {
        for (let i = 0; i < order.length; i++) {
          if (order[i]!.sortOrder !== i) await em.update(Template, { id: order[i]!.id }, { sortOrder: i });
        }
        await this.audit.record(
          { actorId: adminId, action: 'template.move', targetType: 'template', targetId: id, reason: '', details: { direction, from: from + 1, to: to + 1 } },
          em,
        );
      }
      return { id, position: to + 1 };
    });
  }

  private async adminOne(id: number): Promise<AdminTemplateView> {
    const item = (await this.adminList()).find(t => t.id === id);
    if (!item) throw notFound('模板不存在');
    return item;
  }

  private ordered(em: EntityManager): Promise<Template[]> {
    return em.getRepository(Template).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  private async find(em: EntityManager, id: number): Promise<Template> {
    const t = await em.getRepository(Template).findOneBy({ id });
    if (!t) throw notFound('模板不存在');
    return t;
  }

  /**
   * The form's fields were read by TemplateDTO; what needs the config or the database is checked here, before
   * anything is written: the caption font, and the example sticker.
   */
  private async fields(form: TemplateDTO): Promise<TemplateFields> {
    const webSearch = form.kind === 'web_search';
    const caption = this.media.checkCaption(form.caption) ?? null;
    const exampleJobId = form.exampleJobId ?? null;
    if (exampleJobId) {
      const task = /^job_[0-9a-f]{24}$/.test(exampleJobId) ? await this.db.getRepository(Task).findOneBy({ jobId: exampleJobId }) : null;
      if (!task) throw validation('示例表情不存在', { field: 'exampleJobId' });
      if (task.status !== 'SUCCEEDED' || !task.gifKey || task.hidden) {
        throw new AppError('VALIDATION_FAILED', '示例必须是生成成功、未被下架的表情', { status: 409, details: { field: 'exampleJobId' } });
      }
    }
    return {
      kind: form.kind,
      title: form.title,
      prompt: form.prompt,
      role: webSearch ? (form.role ?? null) : null,
      source: webSearch ? (form.source ?? null) : null,
      caption,
      ...styleColumns(form.captionStyle ?? DEFAULT_CAPTION_STYLE),
      exampleJobId,
      hidden: form.hidden === true,
    };
  }

  private async view(t: Template): Promise<TemplateView> {
    const example = t.exampleJobId ? await this.db.getRepository(Task).findOneBy({ jobId: t.exampleJobId }) : null;
    const shown = example && example.status === 'SUCCEEDED' && !example.hidden ? example : null;
    return {
      id: t.id,
      kind: t.kind,
      title: t.title,
      prompt: t.prompt,
      role: t.role,
      source: t.source,
      caption: t.caption,
      captionStyle: styleOfTask(t),
      exampleGifUrl: shown ? await fileUrl(this.media, shown.gifKey) : null,
      exampleThumbnailUrl: shown ? await fileUrl(this.media, shown.thumbKey) : null,
    };
  }
}
