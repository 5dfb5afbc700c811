import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * How one ledger entry changed one lot (append-only, like the entries). The audit sums these per lot
 * and compares them with the lot's remaining/held.
 */
@Entity('credit_lot_move')
export class CreditLotMove {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_credit_lot_move_entry')
  @Column({ type: 'int' })
  entryId: number;

  @Index('idx_credit_lot_move_lot')
  @Column({ type: 'int' })
  lotId: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int' })
  availableDelta: number;

  @Column({ type: 'int' })
  heldDelta: number;
}
