import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LedgerEntryType } from '@app/shared';

/**
 * One line of the append-only credit ledger. Never updated or deleted (CreditService only INSERTs); the one
 * exception is account deletion, which blanks the free-text `description` (it may quote the user's prompt)
 * and leaves every amount, type and reference as it was.
 *
 * `amount` is the signed change of the balance (available + frozen); freeze and release move credits
 * between available and frozen, so their amount is 0 and the move shows in available_before/after.
 * `idemKey` is the operation's idempotency reference (`freeze:<taskRef>`, `purchase:<orderId>`, …):
 * its unique index is what makes every operation apply at most once, whatever the application does.
 */
@Entity('credit_entry')
@Index('idx_credit_entry_user', ['userId', 'id'])
@Index('idx_credit_entry_user_type', ['userId', 'type', 'id'])
export class CreditEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  type: LedgerEntryType;

  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'int' })
  balanceBefore: number;

  @Column({ type: 'int' })
  balanceAfter: number;

  @Column({ type: 'int' })
  availableBefore: number;

  @Column({ type: 'int' })
  availableAfter: number;

  /** task | order | admin | signup | promo | lot */
  @Column({ type: 'varchar', length: 16, nullable: true })
  referenceType: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  referenceId: string | null;

  @Index('uq_credit_entry_idem', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  idemKey: string;

  /** the hold this entry opened or closed (freeze, settle, release, and the expire of a late release) */
  @Index('idx_credit_entry_hold')
  @Column({ type: 'int', nullable: true })
  holdId: number | null;

  /** the lot this entry created (bonus, purchase, grant) */
  @Column({ type: 'int', nullable: true })
  lotId: number | null;

  /** expiry of the lot this entry created, as it was at creation */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  /** the admin who granted or deducted */
  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  description: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
