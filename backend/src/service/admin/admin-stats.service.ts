import { Inject, Provide } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AdminDashboard, DailyCredits, DailyStickers, Paged, ProviderErrorView, ProviderLoad, ProviderStats, TaskStatus } from '@app/shared';
import { CreditEntry } from '../../entity/credit-entry.entity';
import { Task } from '../../entity/task.entity';
import { TaskEvent } from '../../entity/task-event.entity';
import { User } from '../../entity/user.entity';
import { ProviderRegistry } from '../../provider/registry';
import { AT_PROVIDER } from '../pipeline/task-transitions';

/** Days on the dashboard are calendar days in China (UTC+8, no daylight saving). */
export const STATS_UTC_OFFSET_HOURS = 8;
const OFFSET_MS = STATS_UTC_OFFSET_HOURS * 3600_000;
const DAY_MS = 24 * 3600_000;
/** at most this many finished tasks feed the medians */
const MEDIAN_SAMPLE = 20000;
const ERROR_TYPES = ['failed', 'retry_later', 'failover'];

/** `YYYY-MM-DD` of the China-time day containing `t`. */
export function dayOf(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China-time day (`YYYY-MM-DD`) starts. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const n = (v: unknown) => Number(v ?? 0);
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** Numbers for the operators' dashboard: users, stickers, providers, credits. Read-only. */
@Provide()
export class AdminStatsService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  registry: ProviderRegistry;

  async dashboard(days = 30, now = new Date()): Promise<AdminDashboard> {
    const today = dayOf(now);
    const start = new Date(dayStart(today).getTime() - (days - 1) * DAY_MS);
    const dates = Array.from({ length: days }, (_, i) => dayOf(new Date(start.getTime() + i * DAY_MS + DAY_MS / 2)));
    const [users, stickersPerDay, creditsPerDay, signupsPerDay, providers, load] = await Promise.all([
      this.users(dayStart(today)),
      this.stickersPerDay(start, dates),
      this.creditsPerDay(start, dates),
      this.signupsPerDay(start, dates),
      this.providerStats(start),
      this.load(),
    ]);
    return { users, days, stickersPerDay, creditsPerDay, signupsPerDay, providers, ...load, generatedAt: now.toISOString() };
  }

  /** Recent provider trouble: failed tasks, 429/5xx back-offs and failovers, newest first. */
  async providerErrors(page: number, pageSize: number, provider?: string): Promise<Paged<ProviderErrorView>> {
    const qb = this.db.getRepository(TaskEvent).createQueryBuilder('e').where('e.type IN (:...types)', { types: ERROR_TYPES }).andWhere("e.source <> 'admin'");
    if (provider) {
      qb.andWhere('(e.data LIKE :p1 OR e.data LIKE :p2)', { p1: `%"provider":"${provider}"%`, p2: `%"providerError":"${provider}:%` });
    }
    const [rows, total] = await qb
      .orderBy('e.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const taskIds = [...new Set(rows.map(r => r.taskId))];
    const tasks = taskIds.length
      ? await this.db.getRepository(Task).find({ where: { id: In(taskIds) }, withDeleted: true, select: { id: true, jobId: true, provider: true } })
      : [];
    const byId = new Map(tasks.map(t => [t.id, t]));
    const known = this.registry.names() as string[];
    return {
      total,
      page,
      pageSize,
      items: rows.map(e => {
        const data = parse(e.data);
        const inner = (data.data && typeof data.data === 'object' ? data.data : {}) as Record<string, unknown>;
        const providerError = typeof data.providerError === 'string' ? data.providerError : null;
        const prefix = providerError?.split(':')[0] ?? '';
        const task = byId.get(e.taskId);
        const name = str(data.provider) ?? str(inner.provider) ?? (known.includes(prefix) ? prefix : null) ?? task?.provider ?? null;
        const message = (e.type === 'failed' ? (providerError ?? str(data.message)) : str(data.message)) ?? '';
        return {
          eventId: e.id,
          jobId: task?.jobId ?? '',
          type: e.type,
          source: e.source,
          provider: name,
          message: message.slice(0, 300),
          createdAt: e.createdAt.toISOString(),
        };
      }),
    };
  }

  private async users(todayStart: Date) {
    const repo = this.db.getRepository(User);
    const [total, newToday, disabled, admins] = await Promise.all([
      repo.count(),
      repo.createQueryBuilder('u').where('u.createdAt >= :t', { t: todayStart }).getCount(),
      repo.count({ where: { disabled: true } }),
      repo.count({ where: { role: 'admin' } }),
    ]);
    return { total, newToday, disabled, admins };
  }

  private async stickersPerDay(start: Date, dates: string[]): Promise<DailyStickers[]> {
    const rows: Array<{ d: string; status: TaskStatus; c: unknown }> = await this.db
      .getRepository(Task)
      .createQueryBuilder('t')
      .withDeleted()
      .select(this.dayExpr('t.createdAt'), 'd')
      .addSelect('t.status', 'status')
      .addSelect('COUNT(*)', 'c')
      .where('t.createdAt >= :start', { start })
      .groupBy('d')
      .addGroupBy('t.status')
      .getRawMany();
    const byDay = new Map(dates.map(d => [d, { date: d, byStatus: {} as DailyStickers['byStatus'], total: 0 }]));
    for (const r of rows) {
      const day = byDay.get(String(r.d));
      if (!day) continue;
      day.byStatus[r.status] = (day.byStatus[r.status] ?? 0) + n(r.c);
      day.total += n(r.c);
    }
    return [...byDay.values()];
  }

  private async creditsPerDay(start: Date, dates: string[]): Promise<DailyCredits[]> {
    const rows: Array<{ d: string; granted: unknown; spent: unknown }> = await this.db
      .getRepository(CreditEntry)
      .createQueryBuilder('e')
      .select(this.dayExpr('e.createdAt'), 'd')
      .addSelect("COALESCE(SUM(CASE WHEN e.type IN ('bonus','purchase','grant') THEN e.amount ELSE 0 END), 0)", 'granted')
      .addSelect("COALESCE(SUM(CASE WHEN e.type = 'settle' THEN -e.amount ELSE 0 END), 0)", 'spent')
      .where('e.createdAt >= :start', { start })
      .groupBy('d')
      .getRawMany();
    const byDay = new Map(rows.map(r => [String(r.d), r]));
    return dates.map(date => ({ date, granted: n(byDay.get(date)?.granted), spent: n(byDay.get(date)?.spent) }));
  }

  private async signupsPerDay(start: Date, dates: string[]) {
    const rows: Array<{ d: string; c: unknown }> = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .select(this.dayExpr('u.createdAt'), 'd')
      .addSelect('COUNT(*)', 'c')
      .where('u.createdAt >= :start', { start })
      .groupBy('d')
      .getRawMany();
    const byDay = new Map(rows.map(r => [String(r.d), n(r.c)]));
    return dates.map(date => ({ date, count: byDay.get(date) ?? 0 }));
  }

  /** Success rate and median times per provider over the window (tasks that finished). */
  private async providerStats(start: Date): Promise<ProviderStats[]> {
    const counts: Array<{ provider: string | null; status: TaskStatus; c: unknown }> = await this.db
      .getRepository(Task)
      .createQueryBuilder('t')
      .withDeleted()
      .select('t.provider', 'provider')
      .addSelect('t.status', 'status')
      .addSelect('COUNT(*)', 'c')
      .where('t.createdAt >= :start', { start })
      .andWhere('t.status IN (:...done)', { done: ['SUCCEEDED', 'FAILED'] })
      .groupBy('t.provider')
      .addGroupBy('t.status')
      .getRawMany();
    const done = await this.db
      .getRepository(Task)
      .createQueryBuilder('t')
      .withDeleted()
      .select(['t.id', 't.provider', 't.createdAt', 't.submittedAt', 't.providerDoneAt', 't.finishedAt'])
      .where('t.createdAt >= :start', { start })
      .andWhere("t.status = 'SUCCEEDED'")
      .orderBy('t.id', 'DESC')
      .take(MEDIAN_SAMPLE)
      .getMany();
    const stats = new Map<string, ProviderStats & { totals: number[]; atProvider: number[] }>();
    const of = (p: string | null) => {
      const key = p ?? '-';
      let s = stats.get(key);
      if (!s) {
        s = { provider: key, succeeded: 0, failed: 0, successRate: null, medianTotalSeconds: null, medianProviderSeconds: null, totals: [], atProvider: [] };
        stats.set(key, s);
      }
      return s;
    };
    for (const name of this.registry.names()) of(name);
    for (const r of counts) {
      if (r.status === 'SUCCEEDED') of(r.provider).succeeded += n(r.c);
      else of(r.provider).failed += n(r.c);
    }
    for (const t of done) {
      const s = of(t.provider);
      if (t.finishedAt) s.totals.push((t.finishedAt.getTime() - t.createdAt.getTime()) / 1000);
      if (t.submittedAt && t.providerDoneAt) s.atProvider.push((t.providerDoneAt.getTime() - t.submittedAt.getTime()) / 1000);
    }
    return [...stats.values()].map(({ totals, atProvider, ...s }) => ({
      ...s,
      successRate: s.succeeded + s.failed ? s.succeeded / (s.succeeded + s.failed) : null,
      medianTotalSeconds: round1(median(totals)),
      medianProviderSeconds: round1(median(atProvider)),
    }));
  }

  /** In flight per provider against its concurrency limit, plus the queue. */
  private async load(): Promise<{ load: ProviderLoad[]; queued: number; converting: number }> {
    const rows: Array<{ provider: string | null; status: TaskStatus; c: unknown }> = await this.db
      .getRepository(Task)
      .createQueryBuilder('t')
      .select('t.provider', 'provider')
      .addSelect('t.status', 'status')
      .addSelect('COUNT(*)', 'c')
      .where('t.status IN (:...s)', { s: [...AT_PROVIDER, 'QUEUED', 'CONVERTING'] })
      .groupBy('t.provider')
      .addGroupBy('t.status')
      .getRawMany();
    const simulated = new Set<string>(this.registry.simulatedProviders());
    const inFlight = new Map<string, number>();
    let queued = 0;
    let converting = 0;
    for (const r of rows) {
      if (r.status === 'QUEUED') queued += n(r.c);
      else if (r.status === 'CONVERTING') converting += n(r.c);
      else if (r.provider) inFlight.set(r.provider, (inFlight.get(r.provider) ?? 0) + n(r.c));
    }
    const load = this.registry.names().map(name => {
      const limits = this.registry.limits(name);
      return {
        provider: name,
        inFlight: inFlight.get(name) ?? 0,
        maxConcurrent: limits.maxConcurrent,
        submitPerSecond: limits.submitPerSecond,
        simulated: simulated.has(name),
      };
    });
    return { load, queued, converting };
  }

  /** SQL for the China-time day (`YYYY-MM-DD`) of a datetime column. */
  private dayExpr(column: string): string {
    if (this.db.options.type === 'mysql' || this.db.options.type === 'mariadb') {
      return `DATE_FORMAT(DATE_ADD(${column}, INTERVAL ${STATS_UTC_OFFSET_HOURS} HOUR), '%Y-%m-%d')`;
    }
    return `strftime('%Y-%m-%d', ${column}, '+${STATS_UTC_OFFSET_HOURS} hours')`;
  }
}

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {}; // truncated payload
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
