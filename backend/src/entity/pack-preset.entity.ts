import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The expression presets of the create-pack page as operators saved them in the admin console
 * (`PUT /api/v1/admin/pack-presets` replaces the list; order = id). While the table is empty, the shipped
 * defaults (EXPRESSION_PRESETS in shared/) are used.
 */
@Entity('pack_preset')
export class PackPreset {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 20 })
  label: string;

  /** the motion sent to the video model */
  @Column({ type: 'varchar', length: 100 })
  action: string;

  /** the default caption (may be empty: no caption) */
  @Column({ type: 'varchar', length: 64, default: '' })
  caption: string;

  /** the admin who saved the list */
  @Column({ type: 'int', nullable: true })
  createdBy: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
