import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AdminAction } from '@app/shared';

/**
 * One thing an operator changed: who (actorId; null = the command line), what (action), on what
 * (targetType + targetId), why (reason) and when. Append-only; shown in the admin console.
 * Written in the same transaction as the change where the change allows it (credits, accounts, showcase).
 */
@Entity('admin_audit')
@Index('idx_admin_audit_target', ['targetType', 'targetId', 'id'])
@Index('idx_admin_audit_actor', ['actorId', 'id'])
export class AdminAudit {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 32 })
  action: AdminAction;

  @Column({ type: 'varchar', length: 16 })
  targetType: 'user' | 'task' | 'content';

  @Column({ type: 'varchar', length: 64 })
  targetId: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  reason: string;

  /** JSON: amounts, entry ids, new job ids… */
  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Index('idx_admin_audit_created')
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
