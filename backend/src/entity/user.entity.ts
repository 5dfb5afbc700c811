import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An account. `credits` (available) and `frozenCredits` are caches of the ledger (credit_entry):
 * only CreditService writes them, always in the same transaction as the entry that explains the change.
 */
@Entity('user')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_user_phone', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  /** scrypt hash; null for accounts created by SMS or WeChat login that never set a password */
  @Column({ type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  @Index('idx_user_openid')
  @Column({ type: 'varchar', length: 64, nullable: true })
  openid: string | null;

  @Column({ type: 'varchar', length: 10, default: 'user' })
  role: 'user' | 'admin';

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /**
   * true once an SMS code or WeChat proved this phone belongs to the account's owner. seed 001's register
   * proves nothing, so its accounts start unverified; the first verified sign-in clears their password and
   * revokes their tokens, and only a verified phone can hold the admin role (ADMIN_PHONES).
   */
  @Column({ type: 'boolean', default: false })
  phoneVerified: boolean;

  /** bumped on password change / disable: tokens carrying an older version stop working */
  @Column({ type: 'int', default: 0 })
  tokenVersion: number;

  /** available credits (cache of the ledger) */
  @Column({ type: 'int', default: 0 })
  credits: number;

  /** credits held for running tasks (cache of the ledger) */
  @Column({ type: 'int', default: 0 })
  frozenCredits: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
