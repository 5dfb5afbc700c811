import { Config, Inject, Provide } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { randomBytes } from 'crypto';
import { EntityManager, In, Repository } from 'typeorm';
import {
  ExpressionPreset,
  PACK_SIZES,
  PACK_SUBJECT_KIND,
  Paged,
  PackPresets,
  PackQuote,
  PackSize,
  PackStickerView,
  PackSubject,
  PackSummary,
  PackView,
  StickerKind,
  CaptionStyle,
} from '@app/shared';
import { StickerPack, PackSlot } from '../../entity/sticker-pack.entity';
import { Task } from '../../entity/task.entity';
import { AppError, notFound, validation } from '../../error/app.error';
import { AbuseLimitService } from '../limits/abuse-limits.service';
import { insufficient } from '../credits/credit-account';
import { CreditService } from '../credits/credit.service';
import { CheckedInput, TaskInput, TaskService } from '../pipeline/task.service';
import { ACTIVE, TERMINAL } from '../pipeline/task-transitions';
import { quotePack, shares } from './pack-pricing';
import { PackPresetService } from './pack-preset.service';
import { ZipEntry } from './pack-zip.service';
import { UnitOfWork } from '../../unit-of-work';

export interface PacksConfig {
  discountPercent: number;
  maxActivePerUser: number;
}

/** One sticker of a new pack, as the controller parsed it: absent action/caption come from the preset of that label. */
export interface PackStickerRequest {
  label: string;
  action?: string;
  /** null: no caption */
  caption?: string | null;
}

export interface PackRequest {
  subject: PackSubject;
  title?: string;
  imageId?: string;
  role?: string;
  source?: string;
  description?: string;
  captionStyle?: CaptionStyle;
  stickers: PackStickerRequest[];
}

/** A label as part of a file name inside the zip. */
const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 20);

/** A sticker with its preset's action and caption filled in where the request left them out. */
function withPreset(s: PackStickerRequest, presets: ExpressionPreset[]): Required<PackStickerRequest> {
  const preset = presets.find(p => p.label === s.label);
  return {
    label: s.label,
    action: s.action ?? preset?.action ?? s.label,
    caption: s.caption === undefined ? (preset ? preset.caption || null : s.label) : s.caption,
  };
}

const SUBJECT_TITLE: Record<PackSubject, string> = { photo: '照片表情包', character: '角色表情包', description: '表情包' };

/**
 * Sticker packs: N ordinary sticker tasks from one subject. Creating one checks every sticker first, then in ONE
 * ledger transaction inserts the pack, its tasks and each task's share of the discounted price as that task's hold:
 * all or nothing (402 with the pack's total when the balance cannot cover it). From then on each sticker is a normal
 * task: it settles or releases its own share, queues behind the provider limits, and can be retried in its slot.
 */
@Provide()
export class PackService {
  @InjectEntityModel(StickerPack)
  packs: Repository<StickerPack>;

  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @Inject()
  stickers: TaskService;

  @Inject()
  credits: CreditService;

  @Inject()
  uow: UnitOfWork;

  @Inject()
  abuse: AbuseLimitService;

  @Inject()
  presetList: PackPresetService;

  @Config('packs')
  cfg: PacksConfig;

  @Config('app.prices')
  prices: Record<StickerKind, number>;

  async presets(): Promise<PackPresets> {
    const price = (s: PackSubject) => this.prices[PACK_SUBJECT_KIND[s]];
    return {
      presets: await this.presetList.list(),
      sizes: PACK_SIZES,
      discountPercent: this.discount(),
      prices: { photo: price('photo'), character: price('character'), description: price('description') },
    };
  }

  quote(subject: PackSubject, size: PackSize): PackQuote {
    return quotePack(subject, size, this.prices[PACK_SUBJECT_KIND[subject]], this.discount());
  }

  private discount(): number {
    return Math.min(90, Math.max(0, this.cfg.discountPercent));
  }

  /** `req` as PackCreateDTO read it (the number of stickers is one of PACK_SIZES). */
  async create(userId: number, req: PackRequest): Promise<StickerPack> {
    const size = req.stickers.length as PackSize;
    await this.abuse.beforeCreate(userId, { inPack: true });
    await this.checkActivePacks(userId);
    const kind = PACK_SUBJECT_KIND[req.subject];
    const presets = await this.presetList.list();
    const stickers = req.stickers.map(s => withPreset(s, presets));
    // every sticker is validated and content-checked before anything is written or frozen
    const checked: CheckedInput[] = [];
    for (const s of stickers) checked.push(await this.stickers.check(userId, this.stickerInput(req, kind, s)));
    const quote = this.quote(req.subject, size);
    const split = shares(quote.total, size);
    const slots: PackSlot[] = req.stickers.map(s => ({ label: s.label }));

    const created = await this.credits
      .transaction(async (em: EntityManager) => {
        const pack = em.create(StickerPack, {
          packId: `pack_${randomBytes(12).toString('hex')}`,
          userId,
          subject: req.subject,
          title: req.title || SUBJECT_TITLE[req.subject],
          size,
          unitPrice: quote.unitPrice,
          discountPercent: quote.discountPercent,
          credits: quote.total,
          imageKey: checked[0]!.imageKey,
          role: checked[0]!.role,
          source: checked[0]!.source,
          description: req.subject === 'description' ? (req.description ?? null) : null,
          slots: JSON.stringify(slots),
        });
        await em.save(pack);
        const rows: Task[] = [];
        for (const [i, clean] of checked.entries()) {
          rows.push(await this.stickers.insertHeld(em, userId, kind, clean, { credits: split[i]!, pack: { packId: pack.id, slot: i, credits: split[i]! } }));
        }
        return { pack, rows };
      })
      .catch(async (e: unknown) => {
        if (e instanceof AppError && e.errorCode === 'INSUFFICIENT_CREDITS') {
          throw insufficient(quote.total, (await this.credits.summary(userId)).available); // the pack's total, not one share
        }
        throw e;
      });
    for (const t of created.rows) await this.stickers.started(t);
    return created.pack;
  }

  private stickerInput(req: PackRequest, kind: StickerKind, s: Required<PackStickerRequest>): TaskInput {
    const caption = s.caption ?? undefined;
    const captionStyle = req.captionStyle;
    if (kind === 'image') return { kind, prompt: s.action, caption, captionStyle, imageId: req.imageId };
    if (kind === 'web_search') return { kind, role: req.role, source: req.source, action: s.action, caption, captionStyle };
    if (!req.description) throw validation('请描述表情包的主角');
    return { kind, prompt: `${req.description}，${s.action}`, caption, captionStyle };
  }

  private async checkActivePacks(userId: number) {
    const row = await this.tasks
      .createQueryBuilder('t')
      .select('COUNT(DISTINCT t.packId)', 'n')
      .where('t.userId = :userId AND t.packId IS NOT NULL AND t.status IN (:...active)', { userId, active: ACTIVE })
      .getRawOne<{ n: string | number }>();
    const active = Number(row?.n ?? 0);
    if (active >= this.cfg.maxActivePerUser) {
      throw new AppError('RATE_LIMITED', `同时最多生成 ${this.cfg.maxActivePerUser} 套表情包，请等前面的完成后再试`, {
        retryAfter: 30,
        details: { retryAfter: 30, active, limit: this.cfg.maxActivePerUser },
      });
    }
  }

  // ---------------------------------------------------------------- reads

  async mustFind(userId: number, packId: string): Promise<StickerPack> {
    const pack = /^pack_[0-9a-f]{24}$/.test(packId) ? await this.packs.findOneBy({ packId, userId }) : null;
    if (!pack) throw notFound('表情包不存在');
    return pack;
  }

  /** Each slot's current task: the newest one (a retry replaces a failed sticker in its slot). */
  async current(packIds: number[]): Promise<Map<number, Task[]>> {
    const out = new Map<number, Task[]>();
    if (packIds.length === 0) return out;
    const rows = await this.tasks.find({ where: { packId: In(packIds) }, order: { id: 'ASC' } });
    for (const t of rows) {
      const list = out.get(t.packId!) ?? [];
      list[t.packSlot!] = t;
      out.set(t.packId!, list);
    }
    return out;
  }

  async list(userId: number, page: number, pageSize: number): Promise<Paged<PackSummary>> {
    const [rows, total] = await this.packs.findAndCount({ where: { userId }, order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    const current = await this.current(rows.map(p => p.id));
    return { total, page, pageSize, items: await Promise.all(rows.map(p => this.summary(p, current.get(p.id) ?? []))) };
  }

  async view(pack: StickerPack): Promise<PackView> {
    const tasks = (await this.current([pack.id])).get(pack.id) ?? [];
    const slots = JSON.parse(pack.slots) as PackSlot[];
    const stickers: PackStickerView[] = [];
    for (const [slot, t] of tasks.entries()) {
      if (t) stickers.push({ ...(await this.stickers.view(t)), slot, label: slots[slot]?.label ?? '' });
    }
    return {
      ...(await this.summary(pack, tasks)),
      quote: quotePack(pack.subject, pack.size as PackSize, pack.unitPrice, pack.discountPercent),
      stickers,
    };
  }

  private async summary(pack: StickerPack, tasks: Task[]): Promise<PackSummary> {
    const live = tasks.filter(Boolean);
    const cover = live.find(t => t.status === 'SUCCEEDED' && t.thumbKey && !t.hidden);
    return {
      packId: pack.packId,
      title: pack.title,
      subject: pack.subject,
      status: live.every(t => TERMINAL.includes(t.status)) ? 'DONE' : 'ACTIVE',
      size: pack.size,
      succeeded: live.filter(t => t.status === 'SUCCEEDED').length,
      failed: live.filter(t => t.status === 'FAILED' || t.status === 'CANCELED').length,
      credits: pack.credits,
      coverUrl: cover ? await this.stickers.media.url(cover.thumbKey!) : null,
      createdAt: pack.createdAt.toISOString(),
    };
  }

  /** The finished stickers of a done pack, in slot order, for the zip: `01-开心.gif` … */
  async zipEntries(userId: number, packId: string): Promise<{ title: string; entries: ZipEntry[] }> {
    const pack = await this.mustFind(userId, packId);
    const { slots, done } = await this.finished(pack);
    if (done.length === 0) throw new AppError('PACK_NOT_READY', '表情包里还没有生成好的表情');
    const entries = done.map(t => ({ name: `${String(t.packSlot! + 1).padStart(2, '0')}-${fileSafe(slots[t.packSlot!]?.label ?? '')}.gif`, key: t.gifKey! }));
    return { title: pack.title, entries };
  }

  /** A done pack's successful stickers (slot order), refusing a pack that is still generating. */
  async finished(pack: StickerPack): Promise<{ slots: PackSlot[]; done: Task[] }> {
    const tasks = ((await this.current([pack.id])).get(pack.id) ?? []).filter(Boolean);
    if (tasks.some(t => !TERMINAL.includes(t.status))) throw new AppError('PACK_NOT_READY', '表情包还在生成中，全部完成后再下载');
    return { slots: JSON.parse(pack.slots) as PackSlot[], done: tasks.filter(t => t.status === 'SUCCEEDED' && t.gifKey && !t.hidden) };
  }

  // ---------------------------------------------------------------- changes

  /** Retries the failed sticker in `slot`: a new task in the same slot with a new hold of the same share. */
  async retry(userId: number, packId: string, slot: number): Promise<Task> {
    const pack = await this.mustFind(userId, packId);
    const task = (await this.current([pack.id])).get(pack.id)?.[slot];
    if (!task) throw notFound('表情包里没有这个位置');
    return this.stickers.retry(userId, task.jobId);
  }

  /** Deletes a finished pack and its stickers (soft delete, like "my stickers"). */
  async remove(userId: number, packId: string): Promise<void> {
    const pack = await this.mustFind(userId, packId);
    const tasks = (await this.current([pack.id])).get(pack.id) ?? [];
    if (tasks.some(t => t && !TERMINAL.includes(t.status))) throw new AppError('PACK_NOT_READY', '表情包还在生成中，完成后才能删除');
    await this.uow.run(async em => {
      await em.softDelete(Task, { packId: pack.id });
      await em.softDelete(StickerPack, { id: pack.id });
    });
  }
}
