import { Inject, Provide } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AdminTaskDetail, AdminTaskRow, Paged, StickerKind, StickerView, TaskEventView, TaskStatus } from '@app/shared';
import { Task } from '../../entity/task.entity';
import { TaskEvent } from '../../entity/task-event.entity';
import { User } from '../../entity/user.entity';
import { AppError, notFound } from '../../error/app.error';
import { AdminAuditService } from './admin-audit.service';
import { StickerMediaService } from '../pipeline/sticker-media.service';
import { TaskLifecycle } from '../pipeline/task-lifecycle.service';
import { TaskService } from '../pipeline/task.service';
import { ACTIVE } from '../pipeline/task-transitions';

export interface TaskQuery {
  page: number;
  pageSize: number;
  status?: TaskStatus[];
  kind?: StickerKind;
  /** provider name, or '-' for tasks that never reached one */
  provider?: string;
  /** digits of the owner's phone (any part) */
  phone?: string;
  userId?: number;
  /** job id (exact) */
  jobId?: string;
  /** created at or after / before (exclusive) */
  from?: Date;
  to?: Date;
  showcase?: boolean;
  /** only tasks with (true) / without (false) a stored GIF */
  hasGif?: boolean;
}

const EVENTS_SHOWN = 200;
/** what the owner sees when an operator ends a stuck task */
export const ADMIN_FAIL_MESSAGE = '生成服务异常，任务已由客服终止，积分已退回';

/** A file's URL, or null when the key is missing or not one storage accepts (an old or hand-edited row). */
export async function fileUrl(media: StickerMediaService, key: string | null): Promise<string | null> {
  if (!key) return null;
  try {
    return await media.url(key);
  } catch (e) {
    console.warn(`[admin] no URL for stored key ${JSON.stringify(key).slice(0, 120)}: ${(e as Error).message}`);
    return null;
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const seconds = (a: Date | null, b: Date | null) => (a && b ? Math.round((b.getTime() - a.getTime()) / 100) / 10 : null);

/** Operators' view of sticker tasks: filter, detail with the provider history, retry, mark failed, showcase. */
@Provide()
export class AdminTasksService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  tasks: TaskService;

  @Inject()
  lifecycle: TaskLifecycle;

  @Inject()
  media: StickerMediaService;

  @Inject()
  audit: AdminAuditService;

  async list(q: TaskQuery): Promise<Paged<AdminTaskRow>> {
    const qb = this.db.getRepository(Task).createQueryBuilder('t').withDeleted();
    if (q.status?.length) qb.andWhere('t.status IN (:...status)', { status: q.status });
    if (q.kind) qb.andWhere('t.kind = :kind', { kind: q.kind });
    if (q.provider === '-') qb.andWhere('t.provider IS NULL');
    else if (q.provider) qb.andWhere('t.provider = :provider', { provider: q.provider });
    if (q.userId !== undefined) qb.andWhere('t.userId = :userId', { userId: q.userId });
    if (q.phone) {
      const owners = qb.subQuery().select('u.id').from(User, 'u').where('u.phone LIKE :phone').getQuery();
      qb.andWhere(`t.userId IN ${owners}`, { phone: `%${q.phone}%` });
    }
    if (q.jobId) qb.andWhere('t.jobId = :jobId', { jobId: q.jobId });
    if (q.from) qb.andWhere('t.createdAt >= :from', { from: q.from });
    if (q.to) qb.andWhere('t.createdAt < :to', { to: q.to });
    if (q.showcase !== undefined) qb.andWhere('t.showcase = :showcase', { showcase: q.showcase });
    if (q.hasGif !== undefined) qb.andWhere(q.hasGif ? 't.gifKey IS NOT NULL' : 't.gifKey IS NULL');
    const [rows, total] = await qb
      .orderBy('t.id', 'DESC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const phones = await this.phones(rows.map(r => r.userId));
    const items: AdminTaskRow[] = [];
    for (const t of rows) items.push(toRow(t, phones.get(t.userId) ?? '', await fileUrl(this.media, t.gifKey)));
    return { total, page: q.page, pageSize: q.pageSize, items };
  }

  async detail(jobId: string): Promise<AdminTaskDetail> {
    const t = await this.mustFind(jobId);
    const phones = await this.phones([t.userId]);
    const eventRepo = this.db.getRepository(TaskEvent);
    const [newest, eventsTotal] = await eventRepo.findAndCount({ where: { taskId: t.id }, order: { id: 'DESC' }, take: EVENTS_SHOWN });
    const orphans = await eventRepo.find({ where: { taskId: t.id, type: 'orphaned' }, order: { id: 'ASC' } });
    const url = (k: string | null) => fileUrl(this.media, k);
    const gifUrl = await url(t.gifKey);
    return {
      ...toRow(t, phones.get(t.userId) ?? '', gifUrl),
      mode: t.mode,
      model: t.model,
      providerTaskId: t.providerTaskId,
      providerPrompt: t.providerPrompt,
      negativePrompt: t.negativePrompt,
      caption: t.caption,
      role: t.role,
      source: t.source,
      errorMessage: t.errorMessage,
      providerError: t.providerError,
      retryOf: t.retryOf,
      attempts: t.attempts,
      routeIndex: t.routeIndex,
      adminFailMessage: ADMIN_FAIL_MESSAGE,
      showcaseAllowed: t.showcaseAllowed,
      timings: {
        createdAt: t.createdAt.toISOString(),
        submittedAt: iso(t.submittedAt),
        providerDoneAt: iso(t.providerDoneAt),
        finishedAt: iso(t.finishedAt),
        queueSeconds: seconds(t.createdAt, t.submittedAt),
        // a provider failure ends the task at the provider: its time there runs until the task finished
        providerSeconds: seconds(t.submittedAt, t.providerDoneAt ?? (t.status === 'FAILED' ? t.finishedAt : null)),
        convertSeconds: seconds(t.providerDoneAt, t.status === 'SUCCEEDED' ? t.finishedAt : null),
        totalSeconds: seconds(t.createdAt, t.finishedAt),
        convertMs: t.convertMs,
      },
      gif: gifUrl ? { url: gifUrl, bytes: t.gifBytes, width: t.gifWidth, height: t.gifHeight, frames: t.gifFrames, fps: t.gifFps, rung: t.gifRung } : null,
      mp4Url: await url(t.mp4Key),
      thumbnailUrl: await url(t.thumbKey),
      imageUrl: await url(t.imageKey),
      events: newest.reverse().map(toEventView),
      eventsTotal,
      orphans: orphans.map(toEventView),
    };
  }

  /** A new task for the owner with the same input (charged to the owner, like their own retry). */
  async retry(adminId: number, jobId: string, reason: string): Promise<StickerView> {
    const t = await this.mustFind(jobId);
    if (t.deletedAt) throw new AppError('TASK_NOT_RETRYABLE', '用户已删除这个表情，不能重试');
    const next = await this.tasks.retry(t.userId, t.jobId);
    await this.audit.record({
      actorId: adminId,
      action: 'task.retry',
      targetType: 'task',
      targetId: t.jobId,
      reason,
      details: { newJobId: next.jobId, userId: t.userId, credits: next.credits },
    });
    return this.tasks.view(next);
  }

  /**
   * Ends a task stuck in QUEUED/PENDING/RUNNING/CONVERTING: FAILED with a message for the owner, the
   * credit hold released in the same transaction (TaskLifecycle.failTask). 409 when it already finished.
   */
  async fail(adminId: number, jobId: string, reason: string): Promise<AdminTaskDetail> {
    const t = await this.mustFind(jobId);
    const from = t.status;
    const changed = await this.lifecycle.failTask(t, ACTIVE, 'GENERATION_FAILED', ADMIN_FAIL_MESSAGE, `admin ${adminId}: ${reason}`, 'admin', {
      adminId,
      reason,
    });
    if (!changed) throw new AppError('TASK_NOT_CANCELLABLE', '任务已经结束，不能再标记失败', { status: 409 });
    await this.audit.record({
      actorId: adminId,
      action: 'task.fail',
      targetType: 'task',
      targetId: t.jobId,
      reason,
      details: { from, userId: t.userId, released: t.credits },
    });
    return this.detail(jobId);
  }

  async mustFind(jobId: string): Promise<Task> {
    const t = /^job_[0-9a-f]{24}$/.test(jobId) ? await this.db.getRepository(Task).findOne({ where: { jobId }, withDeleted: true }) : null;
    if (!t) throw notFound('任务不存在');
    return t;
  }

  private async phones(userIds: number[]): Promise<Map<number, string>> {
    const ids = [...new Set(userIds)];
    if (!ids.length) return new Map();
    const users = await this.db.getRepository(User).find({ where: { id: In(ids) }, select: { id: true, phone: true } });
    return new Map(users.map(u => [u.id, u.phone]));
  }
}

export function toRow(t: Task, phone: string, gifUrl: string | null): AdminTaskRow {
  return {
    jobId: t.jobId,
    userId: t.userId,
    phone,
    kind: t.kind,
    status: t.status,
    provider: t.provider,
    prompt: t.kind === 'web_search' ? `${t.role ?? ''}${t.source ? `（${t.source}）` : ''}：${t.prompt}` : t.prompt,
    credits: t.credits,
    errorCode: t.errorCode,
    showcase: !!t.showcase,
    deleted: !!t.deletedAt,
    hidden: !!t.hidden,
    gifUrl,
    createdAt: t.createdAt.toISOString(),
    finishedAt: iso(t.finishedAt),
  };
}

function toEventView(e: TaskEvent): TaskEventView {
  let data: unknown = null;
  if (e.data) {
    try {
      data = JSON.parse(e.data);
    } catch {
      data = e.data; // truncated at 4000 characters: show the text
    }
  }
  return { id: e.id, type: e.type, source: e.source, status: e.status, data, createdAt: e.createdAt.toISOString() };
}
