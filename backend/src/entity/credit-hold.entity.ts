import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { HoldState } from '@app/shared';

/**
 * A hold on credits for one task (TigerBeetle's pending transfer): `frozen` until it is settled (posted:
 * the credits are spent) or released (voided: they return). Transitions are guarded
 * `UPDATE … WHERE state = 'frozen'`, so a hold resolves exactly once; the unique taskRef makes the freeze
 * idempotent. Which lots the hold took from is in the CreditLotMoves of its freeze entry.
 */
@Entity('credit_hold')
export class CreditHold {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_credit_hold_task', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  taskRef: string;

  @Index('idx_credit_hold_user')
  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'varchar', length: 10, default: 'frozen' })
  state: HoldState;

  @Column({ type: 'varchar', length: 255, default: '' })
  description: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  closeReason: string | null;
}
