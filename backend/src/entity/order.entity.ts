import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OrderStatus, PaymentChannelName } from '@app/shared';

/**
 * An order for a credit package. Price and credits are copied from the server's package list when the
 * order is made. Status moves only through guarded `UPDATE … WHERE status IN (…)` (OrderDeliveryService):
 * CREATED → PAID → DELIVERED (credits granted, the ledger's purchase keyed by outTradeNo), CREATED → CLOSED,
 * DELIVERED → REFUNDED. `alert` marks an order an operator must look at (e.g. a paid amount that differs).
 */
@Entity('order')
@Index('idx_order_status_created', ['status', 'createdAt'])
export class Order {
  @PrimaryGeneratedColumn()
  id: number;

  /** ours, sent to the channel: 8–32 of [0-9A-Za-z_-] (xpay and WeChat Pay both accept it) */
  @Index('uq_order_out_trade_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  outTradeNo: string;

  @Index('idx_order_user')
  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 32 })
  packageId: string;

  @Column({ type: 'varchar', length: 50 })
  packageName: string;

  @Column({ type: 'int' })
  credits: number;

  @Column({ type: 'int' })
  priceFen: number;

  @Column({ type: 'varchar', length: 20 })
  channel: PaymentChannelName;

  @Column({ type: 'boolean', default: false })
  simulated: boolean;

  @Column({ type: 'varchar', length: 10, default: 'CREATED' })
  status: OrderStatus;

  /** the channel's transaction id once paid */
  @Column({ type: 'varchar', length: 64, nullable: true })
  transactionId: string | null;

  @Column({ type: 'int', nullable: true })
  paidFen: number | null;

  @Column({ type: 'boolean', default: false })
  alert: boolean;

  @Column({ type: 'int', default: 0 })
  refundedCredits: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt: Date;

  /** last time a status read or the sweeper asked the channel */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  queriedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  paidAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  refundedAt: Date | null;
}
