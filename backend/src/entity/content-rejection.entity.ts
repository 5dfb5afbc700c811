import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One content-check finding, for the admin console: a request refused before anything was charged
 * (`rejected`), text allowed but flagged by WeChat (`review`), or stickers hidden after a late image verdict
 * (`hidden`). Append-only.
 */
@Entity('content_rejection')
@Index('idx_content_rejection_user', ['userId', 'id'])
export class ContentRejection {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  /** text | image */
  @Column({ type: 'varchar', length: 8 })
  kind: 'text' | 'image';

  /** prompt, negativePrompt, caption, role, source, action, image */
  @Column({ type: 'varchar', length: 16 })
  field: string;

  /** wordlist | wechat | wechat-media */
  @Column({ type: 'varchar', length: 16 })
  checker: string;

  /** rejected (refused, nothing charged) | review (allowed, flagged) | hidden (late image verdict) */
  @Column({ type: 'varchar', length: 10 })
  action: 'rejected' | 'review' | 'hidden';

  /** the checker's label: the matched word, WeChat's result.label, … */
  @Column({ type: 'varchar', length: 64, default: '' })
  label: string;

  /** the offending text (truncated) or the image's storage key */
  @Column({ type: 'varchar', length: 200, default: '' })
  excerpt: string;

  /** mediaCheckAsync trace id (image verdicts) */
  @Column({ type: 'varchar', length: 128, nullable: true })
  traceId: string | null;

  @Index('idx_content_rejection_created')
  @CreateDateColumn()
  createdAt: Date;
}
