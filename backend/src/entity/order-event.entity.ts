import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What happened to an order, for audit and the admin console: every notification received (raw, as
 * parsed), each query answer that changed something, refusals (amount mismatch, late payment) and refunds.
 */
@Entity('order_event')
export class OrderEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_order_event_order')
  @Column({ type: 'int' })
  orderId: number;

  /** push (xpay), notify (WeChat Pay / simulator), query, sweeper, admin */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  /** e.g. paid, delivered, duplicate, amount_mismatch, paid_after_close, closed, refunded */
  @Column({ type: 'varchar', length: 32 })
  outcome: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  note: string;

  /** the notification or answer as received (JSON, capped at 8 KB) */
  @Column({ type: 'text', nullable: true })
  raw: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
