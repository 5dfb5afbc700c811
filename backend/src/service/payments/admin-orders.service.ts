import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AdminOrderDetail, AdminOrderRow, OrderStatus, Paged, PaymentChannelName, RevenueDay } from '@app/shared';
import { CreditLot } from '../../entity/credit-lot.entity';
import { Order } from '../../entity/order.entity';
import { OrderEvent } from '../../entity/order-event.entity';
import { User } from '../../entity/user.entity';
import { AppError, notFound } from '../../error/app.error';
import { PaymentChannelRegistry } from '../../payment/registry';
import { AdminAuditService } from '../admin/admin-audit.service';
import { dayOf, dayStart } from '../admin/admin-stats.service';
import { CreditService } from '../credits/credit.service';
import { OrderDeliveryService } from './order-delivery.service';
import { toOrderView } from './order.service';

export interface AdminOrderQuery {
  page: number;
  pageSize: number;
  status?: OrderStatus[];
  channel?: PaymentChannelName;
  from?: Date;
  to?: Date;
  alert?: boolean;
  outTradeNo?: string;
  userId?: number;
}

const notRefundable = (message: string, details?: Record<string, unknown>) => new AppError('ORDER_NOT_REFUNDABLE', message, { details });

/**
 * Orders for operators: list with filters, detail with the notification history, revenue per day, and
 * refunds. A refund is all or nothing: only a DELIVERED order whose credits are all still unspent (none
 * spent, none held by a task) is refunded — the channel refunds the money, then one transaction moves the
 * order DELIVERED → REFUNDED, withdraws the credits (the ledger's `refund`, which can never go below zero)
 * and writes the audit record.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AdminOrdersService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  channels: PaymentChannelRegistry;

  @Inject()
  delivery: OrderDeliveryService;

  @Inject()
  credits: CreditService;

  @Inject()
  audit: AdminAuditService;

  async list(q: AdminOrderQuery): Promise<Paged<AdminOrderRow>> {
    const qb = this.db.getRepository(Order).createQueryBuilder('o');
    if (q.status?.length) qb.andWhere('o.status IN (:...status)', { status: q.status });
    if (q.channel) qb.andWhere('o.channel = :channel', { channel: q.channel });
    if (q.from) qb.andWhere('o.createdAt >= :from', { from: q.from });
    if (q.to) qb.andWhere('o.createdAt < :to', { to: q.to });
    if (q.alert !== undefined) qb.andWhere('o.alert = :alert', { alert: q.alert });
    if (q.outTradeNo) qb.andWhere('o.outTradeNo = :no', { no: q.outTradeNo });
    if (q.userId) qb.andWhere('o.userId = :uid', { uid: q.userId });
    const [rows, total] = await qb
      .orderBy('o.id', 'DESC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const phones = await this.phones(rows.map(r => r.userId));
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map(r => this.row(r, phones.get(r.userId) ?? null)) };
  }

  async detail(outTradeNo: string): Promise<AdminOrderDetail> {
    const o = await this.delivery.find(outTradeNo);
    if (!o) throw notFound('订单不存在');
    const [phones, events, lot] = await Promise.all([
      this.phones([o.userId]),
      this.db.getRepository(OrderEvent).find({ where: { orderId: o.id }, order: { id: 'ASC' }, take: 200 }),
      this.lot(o.outTradeNo),
    ]);
    return {
      ...this.row(o, phones.get(o.userId) ?? null),
      unspentCredits: o.status === 'DELIVERED' && lot ? lot.remaining : 0,
      events: events.map(e => ({ source: e.source, outcome: e.outcome, note: e.note, raw: e.raw, createdAt: e.createdAt.toISOString() })),
    };
  }

  /** Paid and refunded fen per China-time day for the last `days` days (oldest first, every day listed). */
  async revenue(days: number, now = new Date()): Promise<RevenueDay[]> {
    const first = dayStart(dayOf(new Date(now.getTime() - (days - 1) * 86400_000)));
    const rows = await this.db
      .getRepository(Order)
      .createQueryBuilder('o')
      .select(['o.id', 'o.paidAt', 'o.priceFen', 'o.paidFen', 'o.refundedAt'])
      .where('o.status IN (:...done)', { done: ['DELIVERED', 'REFUNDED'] })
      .andWhere('(o.paidAt >= :first OR o.refundedAt >= :first)', { first })
      .getMany();
    const out = new Map<string, RevenueDay>();
    for (let i = 0; i < days; i++) {
      const day = dayOf(new Date(first.getTime() + i * 86400_000));
      out.set(day, { day, orders: 0, paidFen: 0, refundedFen: 0 });
    }
    for (const r of rows) {
      const paid = r.paidAt && out.get(dayOf(r.paidAt));
      if (paid) {
        paid.orders += 1;
        paid.paidFen += r.paidFen ?? r.priceFen;
      }
      const refunded = r.refundedAt && out.get(dayOf(r.refundedAt));
      if (refunded) refunded.refundedFen += r.paidFen ?? r.priceFen;
    }
    return [...out.values()];
  }

  async refund(adminId: number, outTradeNo: string, reason: string): Promise<AdminOrderDetail> {
    const o = await this.delivery.find(outTradeNo);
    if (!o) throw notFound('订单不存在');
    if (o.status === 'REFUNDED') throw notRefundable('订单已退款');
    if (o.status !== 'DELIVERED') throw notRefundable('只能退款已到账的订单');
    const lot = await this.lot(outTradeNo);
    if (!lot || lot.remaining < o.credits) {
      throw notRefundable(`该订单的积分已使用 ${o.credits - (lot?.remaining ?? 0)}，不能退款`, { unspent: lot?.remaining ?? 0, credits: o.credits });
    }
    let refund;
    try {
      const openid =
        o.channel === 'wechat_virtual' ? ((await this.db.getRepository(User).findOne({ where: { id: o.userId } }))?.openid ?? undefined) : undefined;
      refund = await this.channels
        .get(o.channel)
        .refund({ outTradeNo, transactionId: o.transactionId, priceFen: o.paidFen ?? o.priceFen, refundNo: `RF${outTradeNo}`.slice(0, 32), openid });
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('PAYMENT_FAILED', '支付渠道退款失败，请稍后重试', { details: { reason: (e instanceof Error ? e.message : String(e)).slice(0, 200) } });
    }
    await this.credits.transaction(async em => {
      await this.delivery.lock(em, o.id);
      const now = new Date();
      if (!(await this.delivery.move(em, o.id, ['DELIVERED'], 'REFUNDED', { refundedAt: now }))) throw notRefundable('订单已退款');
      const r = await this.credits.refund(outTradeNo, `订单退款：${reason}`, { em, now });
      const taken = -r.amount;
      await em.update(Order, { id: o.id }, { refundedCredits: taken });
      await this.delivery.event(em, o.id, 'admin', 'refunded', `退款 ${(o.priceFen / 100).toFixed(2)} 元，收回 ${taken} 积分：${reason}`, refund.raw);
      await this.audit.record(
        {
          actorId: adminId,
          action: 'order.refund',
          targetType: 'order',
          targetId: outTradeNo,
          reason,
          details: { refundId: refund.refundId, credits: taken, priceFen: o.priceFen },
        },
        em,
      );
    });
    return this.detail(outTradeNo);
  }

  private lot(outTradeNo: string): Promise<CreditLot | null> {
    return this.db.getRepository(CreditLot).findOne({ where: { source: 'purchase', sourceRef: outTradeNo } });
  }

  private async phones(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const users = await this.db.getRepository(User).find({ where: { id: In([...new Set(ids)]) }, select: { id: true, phone: true } });
    return new Map(users.map(u => [u.id, u.phone]));
  }

  private row(o: Order, phone: string | null): AdminOrderRow {
    return { ...toOrderView(o), userId: o.userId, phone, transactionId: o.transactionId, alert: o.alert };
  }
}
