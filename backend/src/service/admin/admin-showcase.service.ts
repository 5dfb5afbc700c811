import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AdminShowcaseItem, Paged, ShowcaseItem, ShowcaseMove } from '@app/shared';
import { Task } from '../../entity/task.entity';
import { AppError, notFound } from '../../error/app.error';
import { AdminAuditService } from './admin-audit.service';
import { fileUrl } from './admin-tasks.service';
import { StickerMediaService } from '../pipeline/sticker-media.service';
import { PlainSelect } from '../../util/plain-select';
import { reorder } from '../../util/reorder';
import { UnitOfWork } from '../../unit-of-work';

/** How many stickers can be featured at once (the home page shows a short list). */
export const SHOWCASE_MAX = 200;

/**
 * The stickers featured on the mini-program's home page: finished, not deleted, `showcase` set,
 * ordered by `showcaseOrder` (smaller first). Operators add, remove and move them (audited);
 * `GET /api/v1/showcase` serves them to everyone.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AdminShowcaseService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  uow: UnitOfWork;

  @Inject()
  media: StickerMediaService;

  @Inject()
  audit: AdminAuditService;

  private publicSelect?: PlainSelect<Task, 'jobId' | 'kind' | 'prompt' | 'role' | 'gifKey' | 'thumbKey'>;

  /** Public list (only what can be shown: a stored GIF). */
  async publicList(page: number, pageSize: number): Promise<Paged<ShowcaseItem>> {
    // the same rows as featured(), as a plain select and a count (util/plain-select.ts): everyone's home page reads it
    const q = (this.publicSelect ??= new PlainSelect(this.db, Task, ['jobId', 'kind', 'prompt', 'role', 'gifKey', 'thumbKey']));
    const where =
      `WHERE ${q.col('showcase')} = 1 AND ${q.col('status')} = 'SUCCEEDED' AND ${q.col('gifKey')} IS NOT NULL` +
      ` AND ${q.col('hidden')} = 0 AND ${q.col('showcaseAllowed')} = 1 AND ${q.col('deletedAt')} IS NULL`;
    const [rows, total] = await Promise.all([
      q.rows(
        `${where} ORDER BY ${q.col('showcaseOrder')} ASC, ${q.col('id')} DESC LIMIT ${Number(pageSize)} OFFSET ${(Number(page) - 1) * Number(pageSize)}`,
        [],
      ),
      q.count(where, []),
    ]);
    const items: ShowcaseItem[] = [];
    for (const t of rows) {
      const gifUrl = await fileUrl(this.media, t.gifKey);
      if (!gifUrl) continue;
      items.push({
        jobId: t.jobId,
        gifUrl,
        thumbnailUrl: await fileUrl(this.media, t.thumbKey),
        prompt: showcasePrompt(t),
        kind: t.kind,
      });
    }
    return { total, page, pageSize, items };
  }

  async adminList(page: number, pageSize: number): Promise<Paged<AdminShowcaseItem>> {
    const [rows, total] = await this.featured()
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const items: AdminShowcaseItem[] = [];
    let position = (page - 1) * pageSize;
    for (const t of rows) {
      position += 1;
      items.push({
        jobId: t.jobId,
        userId: t.userId,
        kind: t.kind,
        prompt: showcasePrompt(t),
        gifUrl: await fileUrl(this.media, t.gifKey),
        thumbnailUrl: await fileUrl(this.media, t.thumbKey),
        order: t.showcaseOrder,
        position,
        createdAt: t.createdAt.toISOString(),
      });
    }
    return { total, page, pageSize, items };
  }

  /** Feature a finished sticker (it goes first) or take it off. No change → no audit record. */
  async setFeatured(adminId: number, jobId: string, featured: boolean, reason: string): Promise<{ jobId: string; showcase: boolean; position: number | null }> {
    return this.uow.run(async em => {
      const t = await this.find(em, jobId);
      if (featured) {
        if (t.status !== 'SUCCEEDED' || !t.gifKey) throw new AppError('VALIDATION_FAILED', '只有生成成功的表情才能加入精选', { status: 409 });
        if (t.deletedAt) throw new AppError('VALIDATION_FAILED', '用户已删除这个表情，不能加入精选', { status: 409 });
        if (t.hidden) throw new AppError('VALIDATION_FAILED', '这个表情未通过内容审核，不能加入精选', { status: 409 });
        if (!t.showcaseAllowed) throw new AppError('VALIDATION_FAILED', '作者未允许展示这个表情，不能加入精选', { status: 409 });
      }
      if (!!t.showcase === featured) return { jobId, showcase: featured, position: featured ? await this.positionOf(em, jobId) : null };
      let order = 0;
      if (featured) {
        const count = await this.featured(em).getCount();
        if (count >= SHOWCASE_MAX) throw new AppError('VALIDATION_FAILED', `精选最多 ${SHOWCASE_MAX} 个，请先移出一些`, { status: 409 });
        const first = await this.featured(em).getOne();
        order = first ? first.showcaseOrder - 1 : 0;
      }
      await em.update(Task, { id: t.id }, { showcase: featured, showcaseOrder: order });
      await this.audit.record(
        { actorId: adminId, action: featured ? 'showcase.add' : 'showcase.remove', targetType: 'task', targetId: jobId, reason, details: { userId: t.userId } },
        em,
      );
      return { jobId, showcase: featured, position: featured ? 1 : null };
    });
  }

  /** Moves a featured sticker one place up/down or to the top/bottom; renumbers the list 0..n-1. */
  async move(adminId: number, jobId: string, direction: ShowcaseMove): Promise<{ jobId: string; position: number }> {
    return this.uow.run(async em => {
      const all = await this.featured(em).select(['t.id', 't.jobId', 't.showcaseOrder']).getMany();
      const from = all.findIndex(t => t.jobId === jobId);
      if (from < 0) throw notFound('精选中没有这个表情');
      const { to, order } = reorder(all, from, direction);
      if (to !== from) {
        for (let i = 0; i < order.length; i++) {
          if (order[i]!.showcaseOrder !== i) await em.update(Task, { id: order[i]!.id }, { showcaseOrder: i });
        }
        await this.audit.record(
          { actorId: adminId, action: 'showcase.move', targetType: 'task', targetId: jobId, reason: '', details: { direction, from: from + 1, to: to + 1 } },
          em,
        );
      }
      return { jobId, position: to + 1 };
    });
  }

  private featured(em: EntityManager = this.db.manager) {
    return em
      .getRepository(Task)
      .createQueryBuilder('t')
      .where('t.showcase = :yes', { yes: true })
      .andWhere("t.status = 'SUCCEEDED'")
      .andWhere('t.gifKey IS NOT NULL')
      .andWhere('t.hidden = :hidden', { hidden: false }) // a late content verdict took it down
      .andWhere('t.showcaseAllowed = :allowed', { allowed: true }) // the owner's permission
      .orderBy('t.showcaseOrder', 'ASC')
      .addOrderBy('t.id', 'DESC');
  }

  private async positionOf(em: EntityManager, jobId: string): Promise<number | null> {
    const all = await this.featured(em).select(['t.id', 't.jobId']).getMany();
    const i = all.findIndex(t => t.jobId === jobId);
    return i < 0 ? null : i + 1;
  }

  private async find(em: EntityManager, jobId: string): Promise<Task> {
    const t = /^job_[0-9a-f]{24}$/.test(jobId) ? await em.getRepository(Task).findOne({ where: { jobId }, withDeleted: true }) : null;
    if (!t) throw notFound('任务不存在');
    return t;
  }
}

/** What the home page says about a featured sticker (and what operators see while ordering it): a web-search one leads with its role. */
function showcasePrompt(t: Pick<Task, 'kind' | 'prompt' | 'role'>): string {
  return t.kind === 'web_search' ? `${t.role ?? ''}：${t.prompt}` : t.prompt;
}
