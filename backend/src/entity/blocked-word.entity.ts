import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Words operators added in the admin console. The checker blocks these plus the shipped file
 * (assets/blocked-words.txt); `PUT /api/v1/admin/blocked-words` replaces this table's list.
 */
@Entity('blocked_word')
export class BlockedWord {
  @PrimaryGeneratedColumn()
  id: number;

  /** normalised (lower case, NFKC, no spaces) */
  @Index('uq_blocked_word', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  word: string;

  /** the admin who saved the list */
  @Column({ type: 'int', nullable: true })
  createdBy: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
