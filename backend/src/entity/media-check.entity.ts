import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One image sent to WeChat's mediaCheckAsync. The verdict arrives later on POST /api/v1/wechat/push
 * (event wxa_media_check); a risky one hides the upload and every sticker made from the image.
 */
@Entity('media_check')
export class MediaCheck {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_media_check_trace', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  traceId: string;

  @Column({ type: 'int' })
  userId: number;

  /** storage key of the image (uploads and seed 001 img_base64 images alike) */
  @Index('idx_media_check_key')
  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  /** pending → pass | review | risky (set once; a replayed push changes nothing) */
  @Column({ type: 'varchar', length: 8, default: 'pending' })
  status: 'pending' | 'pass' | 'review' | 'risky';

  @Column({ type: 'varchar', length: 64, default: '' })
  label: string;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: 'datetime', nullable: true })
  checkedAt: Date | null;
}
