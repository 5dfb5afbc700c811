import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ADMIN_ACTION_LABELS, AdminAction, AdminAuditView, AuditTargetType, Paged } from '@app/shared';
import { AdminAudit } from '../../entity/admin-audit.entity';
import { User } from '../../entity/user.entity';

export const REASON_MAX = 255;

export interface AuditEntry {
  actorId: number | null;
  action: AdminAction;
  targetType: AuditTargetType;
  targetId: string | number;
  reason: string;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  action?: AdminAction;
  targetType?: AuditTargetType;
  targetId?: string;
  actorId?: number;
}

export const isAdminAction = (v: unknown): v is AdminAction => typeof v === 'string' && v in ADMIN_ACTION_LABELS;

/** The operators' audit log: who changed what, on what, why and when. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AdminAuditService {
  @InjectDataSource()
  db: DataSource;

  /** Writes one record; pass the transaction of the change so both commit (or neither). */
  async record(entry: AuditEntry, em: EntityManager = this.db.manager): Promise<AdminAudit> {
    const row = em.create(AdminAudit, {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: String(entry.targetId).slice(0, 64),
      reason: entry.reason.slice(0, REASON_MAX),
      details: entry.details ? JSON.stringify(entry.details).slice(0, 4000) : null,
      createdAt: new Date(),
    });
    await em.insert(AdminAudit, row);
    return row;
  }

  async list(q: AuditQuery): Promise<Paged<AdminAuditView>> {
    const where: Record<string, unknown> = {};
    if (q.action) where.action = q.action;
    if (q.targetType) where.targetType = q.targetType;
    if (q.targetId) where.targetId = q.targetId;
    if (q.actorId !== undefined) where.actorId = q.actorId;
    const [rows, total] = await this.db.getRepository(AdminAudit).findAndCount({
      where,
      order: { id: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    const actorIds = [...new Set(rows.map(r => r.actorId).filter((id): id is number => id !== null))];
    const actors = actorIds.length ? await this.db.getRepository(User).find({ where: { id: In(actorIds) }, select: { id: true, phone: true } }) : [];
    const phoneOf = new Map(actors.map(a => [a.id, a.phone]));
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map(r => toAuditView(r, r.actorId === null ? null : (phoneOf.get(r.actorId) ?? null))) };
  }
}

export function toAuditView(r: AdminAudit, actorPhone: string | null): AdminAuditView {
  let details: Record<string, unknown> | null = null;
  if (r.details) {
    try {
      details = JSON.parse(r.details) as Record<string, unknown>;
    } catch {
      details = { raw: r.details }; // truncated JSON: show the text as it is
    }
  }
  return {
    id: r.id,
    actorId: r.actorId,
    actorPhone,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    reason: r.reason,
    details,
    createdAt: r.createdAt.toISOString(),
  };
}
