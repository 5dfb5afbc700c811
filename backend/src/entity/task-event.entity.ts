import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What happened to a task and when: status changes, provider payloads, errors. For the admin console. */
@Entity('task_event')
@Index('idx_task_event_task', ['taskId', 'id'])
export class TaskEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  taskId: number;

  /** e.g. created, submitted, provider_status, callback, converting, succeeded, failed, retry_later, failover */
  @Column({ type: 'varchar', length: 32 })
  type: string;

  /** where it came from: api, dispatcher, reconciler, callback, query, admin */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  status: string | null;

  /** JSON: the provider's parsed payload or error details (truncated) */
  @Column({ type: 'text', nullable: true })
  data: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
