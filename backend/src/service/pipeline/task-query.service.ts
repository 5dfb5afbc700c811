import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';
import { LegacyQueryResponse } from '@app/shared';
import { Task } from '../../entity/task.entity';
import { HIDDEN_MESSAGE } from '../content/checker';
import { plainJoin, PlainSelect } from '../../util/plain-select';
import { User } from '../../entity/user.entity';
import { accepts, AccountStateService } from '../accounts/account-state.service';
import type { TokenClaims } from '../accounts/token.service';
import { StickerMediaService } from './sticker-media.service';
import { estimateProgress, legacyStatus } from './task-transitions';
import { TaskService } from './task.service';

const COLUMNS = [
  'id',
  'jobId',
  'status',
  'progress',
  'credits',
  'submittedAt',
  'errorMessage',
  'hidden',
  'gifKey',
  'thumbKey',
  'mp4Key',
  'provider',
  'providerTaskId',
  'lastPolledAt',
] as const;
type QueryRow = Pick<Task, (typeof COLUMNS)[number]>;
type LegacyAnswer = { status: 200 | 404; body: LegacyQueryResponse };
const JOB_ID = /^job_[0-9a-f]{24}$/;

/**
 * seed 001 `GET /api/v1/video/query/:job_id`, the hottest path of the product (every waiting client polls it):
 * one plain select of the columns the answer needs (util/plain-select.ts). A running task whose provider is due
 * for a look (last one older than queryRefreshSeconds) is loaded as an entity and refreshed the way it always
 * was (TaskService.refreshOnRead); one looked at recently is answered from the select alone, since the claim
 * that guards a refresh could not succeed for it anyway.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TaskQueryService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  tasks: TaskService;

  @Inject()
  media: StickerMediaService;

  @Inject()
  accounts: AccountStateService;

  private select?: PlainSelect<Task, (typeof COLUMNS)[number]>;
  private account?: PlainSelect<User, 'tokenVersion' | 'disabled'>;
  private joined?: string;

  /**
   * The whole seed 001 answer: 200 with the task, or 404 for an unknown, deleted or someone else's job — the same
   * answer for all three, so ids cannot be probed.
   */
  async legacyAnswer(userId: number, jobId: string, refreshSeconds: number): Promise<LegacyAnswer> {
    return this.answerOf(jobId, await this.legacyQuery(userId, jobId, refreshSeconds));
  }

  /**
   * The same answer with the token check in the same read (the fast lane): the account and the task by one join,
   * so a poll costs one round trip to the database. null when the account does not take the token.
   */
  async legacyAnswerFor(claims: TokenClaims, jobId: string, refreshSeconds: number): Promise<LegacyAnswer | null> {
    if (!JOB_ID.test(jobId)) return accepts(claims, await this.accounts.get(claims.sub)) ? this.answerOf(jobId, null) : null;
    const q = (this.select ??= new PlainSelect(this.db, Task, COLUMNS));
    const a = (this.account ??= new PlainSelect(this.db, User, ['tokenVersion', 'disabled']));
    this.joined ??=
      `SELECT ${a.list('u', 'u_')}, ${q.list('t', '')} FROM ${a.table()} u LEFT JOIN ${q.table()} t ` +
      `ON t.${q.col('userId')} = u.${a.col('id')} AND t.${q.col('jobId')} = ? AND t.${q.col('deletedAt')} IS NULL WHERE u.${a.col('id')} = ?`;
    const [raw] = await plainJoin(this.db, this.joined, [jobId, claims.sub]);
    if (!raw || !accepts(claims, a.hydrate(raw, 'u_'))) return null;
    const task = raw.id === null || raw.id === undefined ? null : q.hydrate(raw);
    return this.answerOf(jobId, task ? await this.current(claims.sub, jobId, task, refreshSeconds) : null);
  }

  /** the answer's `data`, or null for an unknown, deleted or someone else's job */
  async legacyQuery(userId: number, jobId: string, refreshSeconds: number): Promise<LegacyQueryResponse['data'] | null> {
    if (!JOB_ID.test(jobId)) return null;
    const q = (this.select ??= new PlainSelect(this.db, Task, COLUMNS));
    const [task]: QueryRow[] = await q.rows(`WHERE ${q.col('jobId')} = ? AND ${q.col('userId')} = ? AND ${q.col('deletedAt')} IS NULL`, [jobId, userId]);
    return task ? this.current(userId, jobId, task, refreshSeconds) : null;
  }

  private answerOf(jobId: string, data: LegacyQueryResponse['data'] | null): LegacyAnswer {
    if (data) return { status: 200, body: { code: 200, data } };
    return { status: 404, body: { code: 500, message: '任务不存在', data: { job_id: String(jobId).slice(0, 64), status: 'UNKNOWN' } } };
  }

  /** the answer for a task read by the select: refreshed from its provider first when a look is due */
  private async current(userId: number, jobId: string, task: QueryRow, refreshSeconds: number): Promise<LegacyQueryResponse['data'] | null> {
    if (this.dueForLook(task, refreshSeconds)) {
      const full = await this.tasks.find(userId, jobId);
      if (!full) return null;
      task = await this.tasks.refreshOnRead(full, refreshSeconds);
    }
    return this.answer(task);
  }

  private dueForLook(t: QueryRow, refreshSeconds: number): boolean {
    if (t.status !== 'PENDING' && t.status !== 'RUNNING') return false;
    if (!t.provider || !t.providerTaskId) return false;
    return !t.lastPolledAt || t.lastPolledAt.getTime() < Date.now() - refreshSeconds * 1000;
  }

  private async answer(task: QueryRow): Promise<LegacyQueryResponse['data']> {
    const data: LegacyQueryResponse['data'] = {
      job_id: task.jobId,
      status: legacyStatus(task.status),
      progress: estimateProgress(task.status, task.progress, task.submittedAt),
      credits: task.credits,
    };
    if (task.hidden) {
      // a late content verdict hid it: seed 001 clients expect a URL on SUCCEEDED, so report it as FAILED
      data.status = 'FAILED';
      data.error_message = HIDDEN_MESSAGE;
      return data;
    }
    if (task.status === 'SUCCEEDED') {
      data.video_url = task.gifKey ? await this.media.url(task.gifKey) : undefined;
      data.thumbnail_url = task.thumbKey ? await this.media.url(task.thumbKey) : undefined;
      data.mp4_url = task.mp4Key ? await this.media.url(task.mp4Key) : undefined;
    }
    if (task.status === 'FAILED' || task.status === 'CANCELED') data.error_message = task.errorMessage ?? '生成失败';
    return data;
  }
}
