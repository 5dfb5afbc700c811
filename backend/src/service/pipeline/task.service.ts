import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource, InjectEntityModel } from '@midwayjs/typeorm';
import { randomBytes } from 'crypto';
import { DataSource, EntityManager, MoreThan, Repository } from 'typeorm';
import { CaptionStyle, Paged, StickerKind, StickerView, TaskStatus } from '@app/shared';
import { Task } from '../../entity/task.entity';
import { Upload } from '../../entity/upload.entity';
import { AppError, notFound } from '../../error/app.error';
import { AbuseLimitService } from '../limits/abuse-limits.service';
import { styleColumns, styleOfTask } from './caption-style';
import { ContentGuard } from '../content/content-guard.service';
import { HIDDEN_MESSAGE } from '../content/checker';
import { CreditService } from '../credits/credit.service';
import { StickerMediaService } from './sticker-media.service';
import { TaskEstimateService } from './task-estimate.service';
import { TaskLifecycle } from './task-lifecycle.service';
import { estimateProgress, legacyStatus, TERMINAL } from './task-transitions';
import { PipelineWorker } from './pipeline.worker';
import { PlainSelect } from '../../util/plain-select';
import { dataUriOf, stickerFields } from '../../dto/pipeline/sticker-rules';

/** What a client asks for, from seed 001's form fields or the app's JSON. */
export interface TaskInput {
  kind: StickerKind;
  prompt?: string;
  negativePrompt?: string;
  caption?: string;
  /** optional; the default style when missing */
  captionStyle?: CaptionStyle;
  size?: string;
  resolution?: string;
  /** image kind: an upload id (app) … */
  imageId?: string;
  /** … or a full Data URI (seed 001 img_base64) */
  imageDataUri?: string;
  role?: string;
  source?: string;
  action?: string;
}

/** Where a task sits in a pack, and its share of the pack's price. */
export interface PackPlace {
  packId: number;
  slot: number;
  credits: number;
}

export interface CreateOptions {
  retryOf?: string;
  imageKey?: string;
  pack?: PackPlace;
}

export interface CheckedInput {
  prompt: string;
  negativePrompt: string | null;
  caption: string | null;
  captionStyle: CaptionStyle | null;
  size: string;
  resolution: string;
  role: string | null;
  source: string | null;
  imageKey: string | null;
}

/** the columns of a StickerView (view() takes an entity or a plain row of these) */
const VIEW_COLUMNS = [
  'id',
  'jobId',
  'kind',
  'status',
  'prompt',
  'role',
  'source',
  'caption',
  'captionPosition',
  'captionColor',
  'provider',
  'progress',
  'submittedAt',
  'gifKey',
  'mp4Key',
  'thumbKey',
  'credits',
  'errorMessage',
  'hidden',
  'showcaseAllowed',
  'createdAt',
  'finishedAt',
] as const;
type ViewRow = Pick<Task, (typeof VIEW_COLUMNS)[number]>;

const KIND_LABEL: Record<StickerKind, string> = { text: '文字表情', image: '图片表情', web_search: '联网角色表情' };

/** Sticker tasks as users see them: create (with a credit hold), list, detail, delete, retry, cancel. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TaskService {
  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @InjectEntityModel(Upload)
  uploads: Repository<Upload>;

  @Inject()
  estimates: TaskEstimateService;

  @InjectDataSource()
  db: DataSource;

  @Inject()
  credits: CreditService;

  @Inject()
  lifecycle: TaskLifecycle;

  @Inject()
  media: StickerMediaService;

  @Inject()
  worker: PipelineWorker;

  @Inject()
  guard: ContentGuard;

  @Inject()
  abuse: AbuseLimitService;

  @Config('app.prices')
  prices: Record<StickerKind, number>;

  private listSelect?: PlainSelect<Task, (typeof VIEW_COLUMNS)[number]>;

  /**
   * Validates everything first (nothing is written for bad input), stores a Data URI image, then inserts the
   * task and freezes its price in one transaction: either both happen or neither (402 leaves no task behind).
   */
  async create(userId: number, input: TaskInput, opts: CreateOptions = {}): Promise<Task> {
    const retryOf = opts.retryOf;
    await this.abuse.beforeCreate(userId, { inPack: !!opts.pack }); // 429 before anything is read, checked or written
    const clean = await this.check(userId, input, opts.imageKey);
    let storedHere: string | null = null;
    if (input.kind === 'image' && !clean.imageKey && input.imageDataUri) {
      clean.imageKey = storedHere = await this.media.storeDataUriImage(userId, input.imageDataUri);
    }
    const price = opts.pack?.credits ?? this.prices[input.kind];
    const task = await this.credits
      .transaction(async (em: EntityManager) => {
        const row = await this.insertHeld(em, userId, input.kind, clean, { credits: price, retryOf, pack: opts.pack });
        // again under the account lock the hold took: concurrent requests cannot both take the last slot
        if (!opts.pack) await this.abuse.checkActive(userId, em, row.jobId);
        return row;
      })
      .catch(async (e: unknown) => {
        // refused (402, 429 …): the photo stored for this request goes too, so nothing is left behind
        if (storedHere) await this.media.remove(storedHere);
        throw e;
      });
    // WeChat's image verdict comes later by push (uploads are submitted at upload time)
    if (storedHere) await this.guard.submitImage(userId, storedHere);
    await this.started(task);
    return task;
  }

  /**
   * Inserts one QUEUED task and freezes its price, inside the caller's ledger transaction (a pack inserts
   * all of its stickers in one). The input must have been through check().
   */
  async insertHeld(
    em: EntityManager,
    userId: number,
    kind: StickerKind,
    clean: CheckedInput,
    opts: { credits: number; retryOf?: string; pack?: PackPlace },
  ): Promise<Task> {
    const jobId = `job_${randomBytes(12).toString('hex')}`;
    const row = em.create(Task, {
      jobId,
      userId,
      kind,
      mode: kind === 'image' ? 'i2v' : 't2v',
      status: 'QUEUED',
      prompt: clean.prompt,
      negativePrompt: clean.negativePrompt,
      caption: clean.caption,
      ...styleColumns(clean.captionStyle ?? undefined),
      size: kind === 'image' ? null : clean.size,
      resolution: kind === 'image' ? clean.resolution : null,
      imageKey: clean.imageKey,
      role: clean.role,
      source: clean.source,
      credits: opts.credits,
      retryOf: opts.retryOf ?? null,
      packId: opts.pack?.packId ?? null,
      packSlot: opts.pack?.slot ?? null,
      showcaseAllowed: kind !== 'image', // a user's own photo is shown only with their say-so
    });
    await em.save(row);
    const subject = kind === 'web_search' ? `${clean.role ?? ''}：${clean.prompt}` : clean.prompt;
    await this.credits.freeze(userId, opts.credits, jobId, `${KIND_LABEL[kind]}：${subject.slice(0, 40)}`, em);
    return row;
  }

  /** After the create transaction committed: the first event, and wake the dispatcher. */
  async started(task: Task): Promise<void> {
    await this.lifecycle.record(task.id, 'created', 'api', 'QUEUED', {
      kind: task.kind,
      credits: task.credits,
      retryOf: task.retryOf,
      packId: task.packId ?? undefined,
    });
    this.worker.kick();
  }

  /**
   * Checks one sticker's input and content-checks it; nothing is written. The field rules are the DTOs' own
   * (dto/pipeline/sticker-rules.ts): a request's fields were read by them already and pass again unchanged, a pack's
   * stickers and a retry's stored input are read by them here. What needs the config, the database or the user is
   * checked here: the caption font, the photo's owner, the content check.
   */
  async check(userId: number, input: TaskInput, knownImageKey?: string): Promise<CheckedInput> {
    const fields = stickerFields(input.kind, input);
    // only characters the caption font can draw (emoji are refused here, before any credits are held)
    const caption = this.media.checkCaption(fields.caption) ?? null;
    const { prompt, negativePrompt, role, source } = fields;

    let imageKey: string | null = null;
    if (input.kind === 'image') {
      if (knownImageKey) {
        imageKey = knownImageKey; // a retry reuses the photo already stored
      } else if (input.imageId) {
        const up = await this.uploads.findOneBy({ id: input.imageId.slice(0, 40), userId });
        if (!up) throw new AppError('IMAGE_INVALID', '图片不存在或已过期，请重新上传');
        if (up.hidden) await this.guard.rejectImage(userId, up.storageKey);
        imageKey = up.storageKey;
      } else {
        dataUriOf(input.imageDataUri); // cheap checks before anything is written ('请上传一张图片' when there is none)
      }
    }
    // content checks last (they may call WeChat): still before anything is stored, frozen or sent to a provider
    await this.guard.checkTexts(userId, {
      prompt: input.kind === 'web_search' ? undefined : prompt,
      action: input.kind === 'web_search' ? prompt : undefined,
      negativePrompt,
      caption,
      role,
      source,
    });
    return { ...fields, caption, captionStyle: input.captionStyle ?? null, imageKey };
  }

  /** The task if it is this user's (and not deleted); null otherwise — other users' ids look unknown. */
  find(userId: number, jobId: string): Promise<Task | null> {
    if (!/^job_[0-9a-f]{24}$/.test(jobId)) return Promise.resolve(null);
    return this.tasks.findOneBy({ jobId, userId });
  }

  async mustFind(userId: number, jobId: string): Promise<Task> {
    const t = await this.find(userId, jobId);
    if (!t) throw notFound('表情不存在');
    return t;
  }

  /** seed 001 query: refresh from the provider when the last look is older than a few seconds. */
  async refreshOnRead(task: Task, minSeconds: number): Promise<Task> {
    if (task.status === 'PENDING' || task.status === 'RUNNING') {
      await this.lifecycle.poll(task, 'query', minSeconds);
      return (await this.tasks.findOneBy({ id: task.id })) ?? task;
    }
    return task;
  }

  /** My stickers, newest first (`statuses`: StickerListQuery's filter): a plain select of the columns a view needs and a count (util/plain-select.ts). */
  async list(userId: number, page: number, pageSize: number, statuses?: TaskStatus[]): Promise<Paged<StickerView>> {
    const q = (this.listSelect ??= new PlainSelect(this.db, Task, VIEW_COLUMNS));
    const where = `WHERE ${q.col('userId')} = ? AND ${q.col('deletedAt')} IS NULL${statuses ? ` AND ${q.col('status')} IN (${statuses.map(() => '?').join(', ')})` : ''}`;
    const params = [userId, ...(statuses ?? [])];
    const [rows, total] = await Promise.all([
      q.rows(`${where} ORDER BY ${q.col('id')} DESC LIMIT ${Number(pageSize)} OFFSET ${(Number(page) - 1) * Number(pageSize)}`, params),
      q.count(where, params),
    ]);
    return { total, page, pageSize, items: await Promise.all(rows.map(r => this.view(r))) };
  }

  async remove(userId: number, jobId: string): Promise<void> {
    const task = await this.mustFind(userId, jobId);
    if (!TERMINAL.includes(task.status)) throw new AppError('TASK_NOT_DELETABLE', '表情还在生成中，完成后才能删除');
    await this.tasks.softDelete({ id: task.id });
    // its public URLs must stop working too (the photo stays: other stickers may use the same upload)
    await this.media.deleteFiles([task.gifKey, task.mp4Key, task.thumbKey]);
  }

  async retry(userId: number, jobId: string): Promise<Task> {
    const task = await this.mustFind(userId, jobId);
    if (task.status !== 'FAILED' && task.status !== 'CANCELED') throw new AppError('TASK_NOT_RETRYABLE', '只有失败的表情可以重试');
    const retryInput: TaskInput = {
      kind: task.kind,
      prompt: task.kind === 'web_search' ? undefined : task.prompt,
      action: task.kind === 'web_search' ? task.prompt : undefined,
      role: task.role ?? undefined,
      source: task.source ?? undefined,
      negativePrompt: task.negativePrompt ?? undefined,
      caption: task.caption ?? undefined,
      captionStyle: task.captionPosition || task.captionColor ? styleOfTask(task) : undefined,
      size: task.size ?? undefined,
      resolution: task.resolution ?? undefined,
    };
    if (task.kind === 'image' && !task.imageKey) throw new AppError('TASK_NOT_RETRYABLE', '原图已不存在，请重新上传');
    if (task.hidden && task.imageKey) await this.guard.rejectImage(userId, task.imageKey);
    const pack = task.packId !== null && task.packSlot !== null ? { packId: task.packId, slot: task.packSlot, credits: task.credits } : undefined;
    // in a pack, only the slot's newest sticker can be retried: an older one was already replaced
    if (pack && (await this.tasks.count({ where: { packId: pack.packId, packSlot: pack.slot, id: MoreThan(task.id) } })) > 0) {
      throw new AppError('TASK_NOT_RETRYABLE', '这个表情已经重试过了');
    }
    return this.create(userId, retryInput, { retryOf: task.jobId, imageKey: task.imageKey ?? undefined, pack });
  }

  async cancel(userId: number, jobId: string): Promise<Task> {
    const task = await this.mustFind(userId, jobId);
    const ok = await this.lifecycle.failTask(task, ['QUEUED'], 'TASK_NOT_CANCELLABLE', '已取消，积分已退回', null, 'api', undefined, 'CANCELED');
    if (!ok) throw new AppError('TASK_NOT_CANCELLABLE', '表情已开始生成，不能取消');
    return (await this.tasks.findOneBy({ id: task.id }))!;
  }

  /**
   * The owner's "允许展示" switch. Turning it off also takes the sticker out of the showcase at once
   * (the operator's featuring needs the owner's permission, see AdminShowcaseService.setFeatured).
   */
  async setShowcaseAllowed(userId: number, jobId: string, allowed: boolean): Promise<Task> {
    const task = await this.mustFind(userId, jobId);
    await this.tasks.update({ id: task.id }, allowed ? { showcaseAllowed: true } : { showcaseAllowed: false, showcase: false });
    return (await this.tasks.findOneBy({ id: task.id }))!;
  }

  async view(t: ViewRow): Promise<StickerView> {
    const url = (key: string | null) => (key && !t.hidden ? this.media.url(key) : Promise.resolve(null));
    return {
      jobId: t.jobId,
      kind: t.kind,
      status: t.status,
      legacyStatus: legacyStatus(t.status),
      prompt: t.kind === 'web_search' ? `${t.role ?? ''}${t.source ? `（${t.source}）` : ''}：${t.prompt}` : t.prompt,
      caption: t.caption,
      captionStyle: styleOfTask(t),
      provider: t.provider,
      progress: estimateProgress(t.status, t.progress, t.submittedAt),
      gifUrl: await url(t.gifKey),
      mp4Url: await url(t.mp4Key),
      thumbnailUrl: await url(t.thumbKey),
      credits: t.credits,
      errorMessage: t.hidden ? HIDDEN_MESSAGE : t.errorMessage,
      showcaseAllowed: t.showcaseAllowed,
      typicalSeconds: TERMINAL.includes(t.status) ? null : await this.estimates.typicalSeconds(t.kind, t.provider),
      createdAt: t.createdAt.toISOString(),
      finishedAt: t.finishedAt ? t.finishedAt.toISOString() : null,
    };
  }
}
