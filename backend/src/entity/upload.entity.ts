import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A validated image a user uploaded for an image sticker. */
@Entity('upload')
@Index('idx_upload_user', ['userId', 'createdAt'])
export class Upload {
  /** public id: up_<24 hex> */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Column({ type: 'varchar', length: 32 })
  mime: string;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  @Column({ type: 'int' })
  bytes: number;

  /** WeChat's mediaCheckAsync judged it risky: it cannot be used for new stickers */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @CreateDateColumn()
  createdAt: Date;
}
