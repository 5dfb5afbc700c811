import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OrderStatus } from '@app/shared';
import { Order } from '../../entity/order.entity';
import { OrderEvent } from '../../entity/order-event.entity';
import { AppError, notFound } from '../../error/app.error';
import type { ChannelPayment } from '../../payment/channel';
import { isMysql } from '../credits/credit-account';
import { CreditService } from '../credits/credit.service';
import { UnitOfWork } from '../../unit-of-work';

export type PaymentSource = 'push' | 'notify' | 'query' | 'sweeper' | 'admin';

export type DeliveryOutcome = 'delivered' | 'paid_after_close' | 'duplicate';

const RAW_MAX = 8000;

export function rawText(raw: unknown): string | null {
  if (raw === undefined) return null;
  const s = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return s.length > RAW_MAX ? `${s.slice(0, RAW_MAX)}…` : s;
}

/**
 * Turns a payment into credits exactly once. Every way a payment is learned of — the xpay push, a
 * notification, a status query, the sweeper — ends in `deliver()`: in one ledger transaction the order
 * row is locked, moved by guarded UPDATEs CREATED|CLOSED → PAID → DELIVERED, and the ledger's `purchase`
 * is called with outTradeNo as its idempotency key. A second caller finds the order past CREATED and
 * changes nothing (and the ledger's unique key would refuse a second purchase anyway).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class OrderDeliveryService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  credits: CreditService;

  @Inject()
  uow: UnitOfWork;

  @Logger()
  logger: ILogger;

  /**
   * A verified payment for `outTradeNo`. 404 for an unknown order; 400 PAYMENT_AMOUNT_MISMATCH (recorded,
   * the order flagged for operators, nothing delivered) when the amount paid differs from the order's.
   */
  async deliver(outTradeNo: string, payment: ChannelPayment, source: PaymentSource): Promise<{ order: Order; outcome: DeliveryOutcome }> {
    const found = await this.find(outTradeNo);
    if (!found) throw notFound('订单不存在');
    if (payment.state !== 'PAID') throw new Error(`deliver() called for a ${payment.state} payment`);
    if (payment.paidFen !== undefined && payment.paidFen !== found.priceFen) {
      await this.uow.run(async em => {
        await em.update(Order, { id: found.id }, { alert: true });
        await this.event(em, found.id, source, 'amount_mismatch', `支付金额 ${payment.paidFen} 分与订单金额 ${found.priceFen} 分不符`, payment.raw);
      });
      this.logger.error(
        '[payments] order %s: paid %s fen but the order is %s fen; not delivered, flagged for operators',
        outTradeNo,
        payment.paidFen,
        found.priceFen,
      );
      throw new AppError('PAYMENT_AMOUNT_MISMATCH', '支付金额与订单金额不符');
    }
    return this.credits.transaction(async em => {
      const order = await this.lock(em, found.id);
      const paidAt = payment.paidAt ?? new Date();
      const paid = await this.move(em, order.id, ['CREATED', 'CLOSED'], 'PAID', {
        transactionId: payment.transactionId?.slice(0, 64) ?? null,
        paidFen: payment.paidFen ?? order.priceFen,
        paidAt,
      });
      if (!paid) {
        await this.event(em, order.id, source, 'duplicate', `订单已是 ${order.status}，未重复发放`, payment.raw);
        return { order, outcome: 'duplicate' as const };
      }
      const now = new Date();
      if (!(await this.move(em, order.id, ['PAID'], 'DELIVERED', { deliveredAt: now })))
        throw new Error(`order ${outTradeNo}: PAID → DELIVERED lost its guard inside the transaction`);
      await this.credits.purchase(order.userId, order.credits, order.outTradeNo, { em, now, description: `购买${order.packageName}（${order.credits} 积分）` });
      const late = order.status === 'CLOSED';
      const outcome: DeliveryOutcome = late ? 'paid_after_close' : 'delivered';
      await this.event(em, order.id, source, outcome, late ? '订单关闭后才收到付款：钱已收，照常发放积分' : `发放 ${order.credits} 积分`, payment.raw);
      if (late) this.logger.warn('[payments] order %s was paid after it closed; delivered anyway', outTradeNo);
      return { order: (await em.findOne(Order, { where: { id: order.id } }))!, outcome };
    });
  }

  /** CREATED → CLOSED (unpaid past its expiry, or cancelled at the channel). False when it was no longer CREATED. */
  async close(order: Order, source: PaymentSource, note: string, raw?: unknown): Promise<boolean> {
    return this.uow.run(async em => {
      const closed = await this.move(em, order.id, ['CREATED'], 'CLOSED', { closedAt: new Date() });
      if (closed) await this.event(em, order.id, source, 'closed', note, raw);
      return closed;
    });
  }

  /** Records something that happened to an order without changing it (e.g. a refused notification). */
  record(orderId: number, source: PaymentSource, outcome: string, note: string, raw?: unknown): Promise<void> {
    return this.uow.run(em => this.event(em, orderId, source, outcome, note, raw));
  }

  find(outTradeNo: string): Promise<Order | null> {
    return this.db.getRepository(Order).findOne({ where: { outTradeNo } });
  }

  /** The order row locked for this transaction (MySQL; SQLite transactions are serialized already). */
  async lock(em: EntityManager, id: number): Promise<Order> {
    const o = await em.findOne(Order, { where: { id }, ...(isMysql(em) ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!o) throw notFound('订单不存在');
    return o;
  }

  /** The one guarded status change: `UPDATE … WHERE id = ? AND status IN (from)`; true when this caller moved it. */
  async move(em: EntityManager, id: number, from: OrderStatus[], to: OrderStatus, set: Partial<Order> = {}): Promise<boolean> {
    const r = await em
      .createQueryBuilder()
      .update(Order)
      .set({ ...set, status: to })
      .where('id = :id AND status IN (:...from)', { id, from })
      .execute();
    return r.affected === 1;
  }

  async event(em: EntityManager, orderId: number, source: PaymentSource, outcome: string, note: string, raw?: unknown): Promise<void> {
    await em.insert(OrderEvent, { orderId, source, outcome, note: note.slice(0, 255), raw: rawText(raw), createdAt: new Date() });
  }
}
