import { Column, CreateDateColumn, DeleteDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CaptionColor, CaptionPosition, StickerKind, TaskStatus } from '@app/shared';

/**
 * One sticker generation. Lifecycle (DESIGN.md):
 * QUEUED → PENDING/RUNNING (at the provider) → CONVERTING → SUCCEEDED, or FAILED/CANCELED with the hold released.
 * Every transition is a guarded UPDATE (`… WHERE status IN (…)`), so callbacks, queries and the reconciler
 * racing each other change a task once. Background work is claimed with a lease (leaseOwner/leaseUntil).
 */
@Entity('task')
@Index('idx_task_user_created', ['userId', 'createdAt'])
@Index('idx_task_status_next', ['status', 'nextAttemptAt'])
export class Task {
  @PrimaryGeneratedColumn()
  id: number;

  /** public id: job_<24 hex> (seed 001) */
  @Index('uq_task_job_id', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  jobId: string;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: StickerKind;

  @Column({ type: 'varchar', length: 4 })
  mode: 't2v' | 'i2v';

  @Column({ type: 'varchar', length: 16 })
  status: TaskStatus;

  /** what the user asked for (text: the prompt; image: the motion; web_search: the action) */
  @Column({ type: 'text' })
  prompt: string;

  @Column({ type: 'text', nullable: true })
  negativePrompt: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  caption: string | null;

  /** caption style (shared CaptionStyle); null = the default */
  @Column({ type: 'varchar', length: 8, nullable: true })
  captionPosition: CaptionPosition | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  captionColor: CaptionColor | null;

  /** free re-captions so far; the GIF and thumbnail keys of version n > 0 end in -r<n> (a new URL each time) */
  @Column({ type: 'int', default: 0 })
  captionVersion: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  size: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  resolution: string | null;

  /** image kind: storage key of the source photo */
  @Column({ type: 'varchar', length: 255, nullable: true })
  imageKey: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  role: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  source: string | null;

  /** web_search: the appearance Qwen described, and the prompt finally sent to the video model */
  @Column({ type: 'text', nullable: true })
  providerPrompt: string | null;

  @Column({ type: 'int' })
  credits: number;

  /** index into the kind's route list; failover moves it forward */
  @Column({ type: 'int', default: 0 })
  routeIndex: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  provider: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  model: string | null;

  @Index('idx_task_provider_task')
  @Column({ type: 'varchar', length: 128, nullable: true })
  providerTaskId: string | null;

  /** submissions tried (429 backoff and failover count here) */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int', default: 0 })
  convertAttempts: number;

  @Column({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null;

  /**
   * Intent to submit: set (with provider and model) in its own committed step before the provider is called,
   * cleared when the provider's answer is recorded. A QUEUED task with this set holds a provider slot; one
   * found with an expired lease was interrupted mid-call (TaskReconciler.recoverIntents).
   */
  @Column({ type: 'datetime', nullable: true })
  submittingSince: Date | null;

  /**
   * A provider task we may have started but never recorded (a crash between intent and answer, or a task
   * canceled while its submission was in flight): it keeps one slot of `orphanProvider` until `orphanUntil`,
   * because the provider may still be running it. The `orphaned` task event tells the rest.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  orphanProvider: string | null;

  @Column({ type: 'datetime', nullable: true })
  orphanUntil: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ type: 'datetime', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'datetime', nullable: true })
  lastPolledAt: Date | null;

  @Column({ type: 'int', default: 0 })
  progress: number;

  /** the provider's MP4 URL (expires in ~24 h; copied to storage as mp4Key at once) */
  @Column({ type: 'text', nullable: true })
  providerVideoUrl: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  mp4Key: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  gifKey: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  thumbKey: string | null;

  @Column({ type: 'int', nullable: true })
  gifBytes: number | null;

  @Column({ type: 'int', nullable: true })
  gifWidth: number | null;

  @Column({ type: 'int', nullable: true })
  gifHeight: number | null;

  @Column({ type: 'int', nullable: true })
  gifFrames: number | null;

  @Column({ type: 'float', nullable: true })
  gifFps: number | null;

  /** which rung of the GIF size ladder fitted the budget */
  @Column({ type: 'varchar', length: 64, nullable: true })
  gifRung: string | null;

  @Column({ type: 'int', nullable: true })
  convertMs: number | null;

  /** stable error code (ErrorCode) and the user-facing Chinese message */
  @Column({ type: 'varchar', length: 32, nullable: true })
  errorCode: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  errorMessage: string | null;

  /** the provider's own error code/message, for operators */
  @Column({ type: 'varchar', length: 500, nullable: true })
  providerError: string | null;

  /** the sticker_pack row this task belongs to (its hold is a share of the pack's), and its place in the pack */
  @Index('idx_task_pack')
  @Column({ type: 'int', nullable: true })
  packId: number | null;

  @Column({ type: 'int', nullable: true })
  packSlot: number | null;

  /** the failed task this one retries */
  @Column({ type: 'varchar', length: 40, nullable: true })
  retryOf: string | null;

  @Column({ type: 'boolean', default: false })
  showcase: boolean;

  @Column({ type: 'int', default: 0 })
  showcaseOrder: number;

  /**
   * The owner's "允许展示" switch: operators may feature the sticker only while it is on. Off by default for
   * stickers made from the user's own photo (kind image), on for the others; turning it off unfeatures.
   */
  @Column({ type: 'boolean', default: false })
  showcaseAllowed: boolean;

  /** a late content verdict on the source image: no file URLs are handed out, never in the showcase */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @Column({ type: 'datetime', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  providerDoneAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  /** soft delete from "my stickers" */
  @DeleteDateColumn({ nullable: true })
  deletedAt: Date | null;
}
