import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';
import type { StickerKind } from '@app/shared';
import { Task } from '../../entity/task.entity';
import { median } from '../admin/admin-stats.service';

/** How many recent successes the estimate looks at, and how long one is reused. */
const SAMPLE = 50;
const CACHE_MS = 60_000;

/**
 * "通常约 N 秒": the measured median time from request to finished GIF of the recent successful stickers of
 * the same kind on the same provider (the figure the admin dashboard shows per provider), falling back to the
 * kind alone while the provider has no history yet; null when nothing has been measured.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TaskEstimateService {
  @InjectDataSource()
  db: DataSource;

  private cache = new Map<string, { at: number; seconds: number | null }>();

  async typicalSeconds(kind: StickerKind, provider: string | null): Promise<number | null> {
    return (provider ? await this.cached(kind, provider) : null) ?? this.cached(kind, null);
  }

  private async cached(kind: StickerKind, provider: string | null): Promise<number | null> {
    const key = `${kind}:${provider ?? '*'}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.seconds;
    const qb = this.db
      .getRepository(Task)
      .createQueryBuilder('t')
      .withDeleted()
      .select(['t.id', 't.createdAt', 't.finishedAt'])
      .where("t.status = 'SUCCEEDED'")
      .andWhere('t.kind = :kind', { kind })
      .andWhere('t.finishedAt IS NOT NULL');
    if (provider) qb.andWhere('t.provider = :provider', { provider });
    const rows = await qb.orderBy('t.id', 'DESC').take(SAMPLE).getMany();
    const m = median(rows.map(t => (t.finishedAt!.getTime() - t.createdAt.getTime()) / 1000));
    const seconds = m === null ? null : Math.max(1, Math.round(m));
    if (seconds !== null) this.cache.set(key, { at: Date.now(), seconds }); // no history yet: ask again next time
    return seconds;
  }
}
