import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Paged } from '@app/shared';
import { ContentRejection } from '../../entity/content-rejection.entity';
import { MediaCheck } from '../../entity/media-check.entity';
import { Task } from '../../entity/task.entity';
import { Upload } from '../../entity/upload.entity';
import { User } from '../../entity/user.entity';
import { AppError } from '../../error/app.error';
import { maskPhone } from '../../util/phone';
import { StickerMediaService } from '../pipeline/sticker-media.service';
import { CheckUser, CONTENT_REJECTED_MESSAGE, ContentChecker, Suggest, TextField } from './checker';
import { WechatSecChecker } from './wechat-sec.checker';
import { WordListChecker } from './wordlist.checker';

const EXCERPT_MAX = 200;
const IMAGE_REJECTED_MESSAGE = '图片未通过安全审核，请换一张图片';

export interface ContentRejectionView {
  id: number;
  userId: number;
  phone: string;
  kind: 'text' | 'image';
  field: string;
  checker: string;
  action: 'rejected' | 'review' | 'hidden';
  label: string;
  excerpt: string;
  traceId: string | null;
  createdAt: string;
}

export interface RejectionQuery {
  page: number;
  pageSize: number;
  userId?: number;
  action?: ContentRejection['action'];
  checker?: string;
}

type Finding = Pick<ContentRejection, 'userId' | 'kind' | 'field' | 'checker' | 'action'> & { label?: string; excerpt?: string; traceId?: string };

/**
 * Content checks in front of generation: every text field and image of a request goes through the checker
 * chain (local word list, then WeChat) before credits are frozen or a provider is called. A refusal answers
 * 400 CONTENT_REJECTED and is recorded; WeChat's late image verdicts (mediaCheckAsync) hide the stickers
 * made from a risky image.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ContentGuard {
  @Inject()
  wordList: WordListChecker;

  @Inject()
  wechatSec: WechatSecChecker;

  @Inject()
  media: StickerMediaService;

  @InjectEntityModel(ContentRejection)
  rejections: Repository<ContentRejection>;

  @InjectEntityModel(MediaCheck)
  checks: Repository<MediaCheck>;

  @InjectEntityModel(User)
  users: Repository<User>;

  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @InjectEntityModel(Upload)
  uploads: Repository<Upload>;

  @Logger()
  logger: ILogger;

  /** cheap local checks first, so WeChat's quota is spent only on text the word list let through */
  get chain(): ContentChecker[] {
    return [this.wordList, this.wechatSec];
  }

  /** Throws CONTENT_REJECTED (and records it) when any field is risky; records `review` verdicts and goes on. */
  async checkTexts(userId: number, fields: Partial<Record<TextField, string | null | undefined>>): Promise<void> {
    const present = (Object.entries(fields) as Array<[TextField, string | null | undefined]>).filter((e): e is [TextField, string] => !!e[1]);
    if (!present.length) return;
    const user = await this.checkUser(userId);
    for (const checker of this.chain) {
      if (!checker.checkText || !checker.applies(user, 'text')) continue;
      for (const [field, text] of present) {
        let verdict;
        try {
          verdict = await checker.checkText(text, field, user);
        } catch (e) {
          // a checker that cannot answer (WeChat down, openid too old) lets the text through: the provider's own
          // moderation is the next line, and generation should not stop because WeChat hiccuped
          this.logger.warn('[content] %s could not check %s of user %d: %s', checker.name, field, userId, (e as Error).message);
          continue;
        }
        if (verdict.suggest === 'pass') continue;
        const action = verdict.suggest === 'risky' ? 'rejected' : 'review';
        await this.record({ userId, kind: 'text', field, checker: checker.name, action, label: verdict.label, excerpt: text });
        if (action === 'rejected') throw new AppError('CONTENT_REJECTED', CONTENT_REJECTED_MESSAGE, { details: { field } });
      }
    }
  }

  /** An image already judged risky (a hidden upload) is refused like risky text. */
  async rejectImage(userId: number, storageKey: string): Promise<never> {
    await this.record({ userId, kind: 'image', field: 'image', checker: 'wechat-media', action: 'rejected', excerpt: storageKey });
    throw new AppError('CONTENT_REJECTED', IMAGE_REJECTED_MESSAGE, { details: { field: 'image' } });
  }

  /**
   * Sends a stored image to WeChat's asynchronous check when it applies (never throws: a failed submission is
   * logged, and the provider's own moderation still applies).
   */
  async submitImage(userId: number, storageKey: string): Promise<void> {
    const user = await this.checkUser(userId);
    for (const checker of this.chain) {
      if (!checker.submitImage || !checker.applies(user, 'image')) continue;
      try {
        const url = await this.media.url(storageKey);
        const { traceId } = await checker.submitImage({ storageKey, url }, user);
        await this.checks.insert({ traceId: traceId.slice(0, 128), userId, storageKey, status: 'pending', label: '' });
      } catch (e) {
        this.logger.warn('[content] %s could not take image %s of user %d: %s', checker.name, storageKey, userId, (e as Error).message);
      }
    }
  }

  /**
   * WeChat's pushed verdict for one trace id. Applied once (a replayed push changes nothing): `risky` hides the
   * upload and every sticker made from the image (no URLs handed out, out of the showcase) and is recorded.
   */
  async applyMediaVerdict(traceId: string, suggest: Suggest, label: string): Promise<'unknown' | 'duplicate' | 'applied'> {
    const row = await this.checks.findOneBy({ traceId });
    if (!row) return 'unknown';
    const res = await this.checks.update({ id: row.id, status: 'pending' }, { status: suggest, label: label.slice(0, 64), checkedAt: new Date() });
    if (res.affected !== 1) return 'duplicate';
    if (suggest === 'pass') return 'applied';
    let hidden = 0;
    if (suggest === 'risky') {
      hidden = (await this.tasks.update({ imageKey: row.storageKey }, { hidden: true, showcase: false })).affected ?? 0;
      await this.uploads.update({ storageKey: row.storageKey }, { hidden: true });
      // the files leave public reach too (kept privately for review): the photo and every sticker made from it
      const made = await this.tasks.find({ where: { imageKey: row.storageKey }, withDeleted: true });
      await this.media.hideFiles([row.storageKey, ...made.flatMap(t => [t.gifKey, t.mp4Key, t.thumbKey])]);
    }
    await this.record({
      userId: row.userId,
      kind: 'image',
      field: 'image',
      checker: 'wechat-media',
      action: suggest === 'risky' ? 'hidden' : 'review',
      label,
      excerpt: row.storageKey,
      traceId,
    });
    this.logger.warn('[content] image %s judged %s (%s): %d sticker(s) hidden', row.storageKey, suggest, label, hidden);
    return 'applied';
  }

  async list(q: RejectionQuery): Promise<Paged<ContentRejectionView>> {
    const where: Partial<Pick<ContentRejection, 'userId' | 'action' | 'checker'>> = {};
    if (q.userId) where.userId = q.userId;
    if (q.action) where.action = q.action;
    if (q.checker) where.checker = q.checker;
    const [rows, total] = await this.rejections.findAndCount({ where, order: { id: 'DESC' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize });
    const ids = [...new Set(rows.map(r => r.userId))];
    const phones = new Map((ids.length ? await this.users.find({ where: { id: In(ids) }, select: ['id', 'phone'] }) : []).map(u => [u.id, u.phone]));
    const items = rows.map(r => ({
      id: r.id,
      userId: r.userId,
      phone: maskPhone(phones.get(r.userId) ?? ''),
      kind: r.kind,
      field: r.field,
      checker: r.checker,
      action: r.action,
      label: r.label,
      excerpt: r.excerpt,
      traceId: r.traceId,
      createdAt: r.createdAt.toISOString(),
    }));
    return { total, page: q.page, pageSize: q.pageSize, items };
  }

  private async checkUser(userId: number): Promise<CheckUser> {
    const u = await this.users.findOne({ where: { id: userId }, select: ['id', 'openid'] });
    return { userId, openid: u?.openid ?? null };
  }

  private async record(f: Finding): Promise<void> {
    const excerpt = [...(f.excerpt ?? '')];
    await this.rejections.insert({
      userId: f.userId,
      kind: f.kind,
      field: f.field,
      checker: f.checker,
      action: f.action,
      label: (f.label ?? '').slice(0, 64),
      excerpt: excerpt.length > EXCERPT_MAX ? excerpt.slice(0, EXCERPT_MAX - 1).join('') + '…' : excerpt.join(''),
      traceId: f.traceId ?? null,
    });
  }
}
