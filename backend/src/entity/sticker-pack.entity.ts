import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PackSubject } from '@app/shared';

/** One expression of a pack, as the user chose it (slot = index). */
export interface PackSlot {
  label: string;
}

/**
 * A sticker pack: the parent of N ordinary tasks (task.packId, task.packSlot) made from one subject.
 * Its credits were frozen in one transaction, one share per sticker (each task's own hold), so each sticker
 * settles or releases its share through the normal task lifecycle. Done when every slot's latest task is terminal.
 */
@Entity('sticker_pack')
@Index('idx_pack_user_created', ['userId', 'createdAt'])
export class StickerPack {
  @PrimaryGeneratedColumn()
  id: number;

  /** public id: pack_<24 hex> */
  @Index('uq_pack_pack_id', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  packId: string;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  subject: PackSubject;

  @Column({ type: 'varchar', length: 64 })
  title: string;

  @Column({ type: 'int' })
  size: number;

  /** price per sticker before the discount, the discount, and the total frozen at creation */
  @Column({ type: 'int' })
  unitPrice: number;

  @Column({ type: 'int' })
  discountPercent: number;

  @Column({ type: 'int' })
  credits: number;

  /** photo: storage key of the source image */
  @Column({ type: 'varchar', length: 255, nullable: true })
  imageKey: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  role: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  source: string | null;

  /** description: the user's words; character: the one web-search description, written by the first sticker sent */
  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** JSON PackSlot[] */
  @Column({ type: 'text' })
  slots: string;

  @CreateDateColumn()
  createdAt: Date;

  @DeleteDateColumn({ nullable: true })
  deletedAt: Date | null;
}
