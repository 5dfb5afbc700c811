import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CaptionColor, CaptionPosition, StickerKind } from '@app/shared';

/** A "做同款" recipe shown on the home page, in `sortOrder` (smaller first); admins create, order and hide them. */
@Entity('template')
@Index('idx_template_order', ['hidden', 'sortOrder'])
export class Template {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: StickerKind;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  /** text: the prompt; image: the motion; web_search: the action */
  @Column({ type: 'text' })
  prompt: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  role: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  source: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  caption: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  captionPosition: CaptionPosition | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  captionColor: CaptionColor | null;

  /** a finished sticker (task jobId) shown as the example */
  @Column({ type: 'varchar', length: 40, nullable: true })
  exampleJobId: string | null;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
