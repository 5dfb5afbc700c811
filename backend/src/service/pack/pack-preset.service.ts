import { Inject, Provide } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { Repository } from 'typeorm';
import { CAPTION_MAX_LENGTH, EXPRESSION_PRESETS, ExpressionPreset, PACK_LABEL_MAX } from '@app/shared';
import { PackPreset } from '../../entity/pack-preset.entity';
import { validation } from '../../error/app.error';
import { AdminAuditService } from '../admin/admin-audit.service';
import { unitOfWork } from '../../unit-of-work';

const MAX_PRESETS = 40;
const ACTION_MAX = 100;

/** Parses an admin's list: 4–40 presets, labels unique, every field within its limit (400 otherwise). */
export function cleanPresets(raw: unknown): ExpressionPreset[] {
  if (!Array.isArray(raw)) throw validation('presets 必须是列表');
  if (raw.length < 4 || raw.length > MAX_PRESETS) throw validation(`表情预设需要 4 到 ${MAX_PRESETS} 个`);
  const seen = new Set<string>();
  return raw.map((item: unknown, i) => {
    const o = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const label = str(o.label);
    const action = str(o.action);
    const caption = str(o.caption);
    if (!label || [...label].length > PACK_LABEL_MAX) throw validation(`第 ${i + 1} 个预设：名称需要 1 到 ${PACK_LABEL_MAX} 个字`);
    if (seen.has(label)) throw validation(`预设名称「${label}」重复了`);
    seen.add(label);
    if (!action || action.length > ACTION_MAX) throw validation(`「${label}」的动作需要 1 到 ${ACTION_MAX} 个字`);
    if ([...caption].length > CAPTION_MAX_LENGTH) throw validation(`「${label}」的配字最多 ${CAPTION_MAX_LENGTH} 个字`);
    return { label, action, caption };
  });
}

/** The expression presets: the operators' list when they saved one, else the shipped defaults. */
@Provide()
export class PackPresetService {
  @Inject()
  audit: AdminAuditService;

  @InjectEntityModel(PackPreset)
  repo: Repository<PackPreset>;

  async list(): Promise<ExpressionPreset[]> {
    const rows = await this.repo.find({ order: { id: 'ASC' } });
    return rows.length ? rows.map(r => ({ label: r.label, action: r.action, caption: r.caption })) : EXPRESSION_PRESETS;
  }

  /** Replaces the list; the admin audit log gets the old and the new list in the same transaction. */
  async replace(presets: ExpressionPreset[], adminId: number, reason = ''): Promise<ExpressionPreset[]> {
    await unitOfWork(this.repo.manager.connection, async em => {
      const saved = await em.find(PackPreset, { order: { id: 'ASC' } });
      // what was in effect: the saved list, or the shipped defaults while none was saved
      const before = saved.length ? saved.map(({ label, action, caption }) => ({ label, action, caption })) : EXPRESSION_PRESETS;
      await this.audit.record({ actorId: adminId, action: 'content.pack-presets', targetType: 'content', targetId: 'pack-presets', reason, details: { before, after: presets } }, em);
      await em.createQueryBuilder().delete().from(PackPreset).execute();
      await em.insert(PackPreset, presets.map(p => ({ ...p, createdBy: adminId })));
    });
    return this.list();
  }
}
