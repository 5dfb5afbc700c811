import { Inject, Provide } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { Repository } from 'typeorm';
import { EXPRESSION_PRESETS, ExpressionPreset } from '@app/shared';
import { PackPreset } from '../../entity/pack-preset.entity';
import { AdminAuditService } from '../admin/admin-audit.service';
import { unitOfWork } from '../../unit-of-work';

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
      await this.audit.record(
        { actorId: adminId, action: 'content.pack-presets', targetType: 'content', targetId: 'pack-presets', reason, details: { before, after: presets } },
        em,
      );
      await em.createQueryBuilder().delete().from(PackPreset).execute();
      await em.insert(
        PackPreset,
        presets.map(p => ({ ...p, createdBy: adminId })),
      );
    });
    return this.list();
  }
}
