import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type LotSource = 'bonus' | 'purchase' | 'grant';

/**
 * A batch of credits with one expiry (seed 004: purchased 90 days, bonus 30 days). Spending takes from
 * the lot that expires soonest (never-expiring lots last, ties: oldest first). `remaining` is the
 * available part, `held` the part frozen by open holds; the sums over a user's lots equal
 * user.credits and user.frozenCredits. Every change is explained by a CreditLotMove row.
 */
@Entity('credit_lot')
@Index('idx_credit_lot_user', ['userId', 'remaining'])
@Index('idx_credit_lot_due', ['expiresAt', 'remaining'])
@Check('chk_credit_lot_nonneg', 'remaining >= 0 AND held >= 0')
export class CreditLot {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  source: LotSource;

  /** order id for purchases, promo/admin reference otherwise */
  @Index('idx_credit_lot_source_ref')
  @Column({ type: 'varchar', length: 100, nullable: true })
  sourceRef: string | null;

  /** credits the lot started with */
  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'int', default: 0 })
  remaining: number;

  @Column({ type: 'int', default: 0 })
  held: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  /** null: never expires. A refund sets it to the refund time. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;
}
