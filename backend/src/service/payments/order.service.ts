import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { randomBytes } from 'crypto';
import { DataSource, LessThan } from 'typeorm';
import type { CreateOrderResult, CreditPackage, OrderView, Paged } from '@app/shared';
import { WechatClient } from '../../client/wechat.client';
import type { PaymentsConfig } from '../../config/payments';
import { Order } from '../../entity/order.entity';
import { User } from '../../entity/user.entity';
import { AppError, notFound, validation } from '../../error/app.error';
import { PayerContext, PaymentChannelError } from '../../payment/channel';
import { PaymentChannelRegistry } from '../../payment/registry';
import { OrderDeliveryService, PaymentSource } from './order-delivery.service';

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Ours, unique, 26 characters of [0-9A-Z]: "BQ" + UTC yyyymmddHHMMss + 10 random (fits xpay's 8–32 and WeChat Pay's 6–32). */
export function newOutTradeNo(now = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const rand = [...randomBytes(10)].map(b => ALNUM[b % ALNUM.length]).join('');
  return `BQ${stamp}${rand}`;
}

export function toOrderView(o: Order): OrderView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    outTradeNo: o.outTradeNo,
    packageId: o.packageId,
    packageName: o.packageName,
    credits: o.credits,
    priceFen: o.priceFen,
    channel: o.channel,
    status: o.status,
    simulated: o.simulated,
    createdAt: o.createdAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
    paidAt: iso(o.paidAt),
    deliveredAt: iso(o.deliveredAt),
    refundedAt: iso(o.refundedAt),
    refundedCredits: o.refundedCredits,
  };
}

export interface CreateOrderInput {
  packageId: string;
  channel: string;
  /** wechat_virtual: a fresh wx.login code, exchanged for the session_key the payment is signed with */
  loginCode?: string;
  /** simulator: where its pay page sends the browser back to */
  returnUrl?: string;
}

/** The user's side of orders: create (price and credits from our package list), list, and status that refreshes from the channel. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class OrderService {
  @InjectDataSource()
  db: DataSource;

  @Config('payments')
  cfg: PaymentsConfig;

  @Inject()
  channels: PaymentChannelRegistry;

  @Inject()
  delivery: OrderDeliveryService;

  @Inject()
  wechat: WechatClient;

  @Logger()
  logger: ILogger;

  packages(): CreditPackage[] {
    return this.cfg.packages;
  }

  async create(userId: number, input: CreateOrderInput): Promise<CreateOrderResult> {
    const pkg = this.cfg.packages.find(p => p.id === input.packageId);
    if (!pkg) throw validation('没有这个积分套餐', { field: 'packageId', allowed: this.cfg.packages.map(p => p.id) });
    const channel = this.channels.get(input.channel);
    const payer: PayerContext = { returnUrl: input.returnUrl };
    if (channel.name === 'wechat_virtual') {
      if (!input.loginCode) throw validation('微信支付需要重新登录凭证（loginCode）', { field: 'loginCode' });
      try {
        const s = await this.wechat.code2Session(input.loginCode);
        const user = await this.db.getRepository(User).findOne({ where: { id: userId } });
        if (!user?.openid || user.openid !== s.openid) throw validation('请使用绑定本账号的微信支付', { field: 'loginCode' });
        Object.assign(payer, { openid: s.openid, sessionKey: s.sessionKey });
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError('WECHAT_LOGIN_FAILED', '微信登录凭证无效，请重试', { cause: e });
      }
    }
    const now = new Date();
    const row = this.db.getRepository(Order).create({
      outTradeNo: newOutTradeNo(now),
      userId,
      packageId: pkg.id,
      packageName: pkg.name,
      credits: pkg.credits,
      priceFen: pkg.priceFen,
      channel: channel.name,
      simulated: channel.simulated,
      status: 'CREATED',
      transactionId: null,
      paidFen: null,
      alert: false,
      refundedCredits: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.cfg.orderTtlMinutes * 60_000),
      queriedAt: null,
      paidAt: null,
      deliveredAt: null,
      closedAt: null,
      refundedAt: null,
    });
    // the channel first: if it refuses, no order row is left behind
    let payment: CreateOrderResult['payment'];
    try {
      payment = await channel.create({ ...row, description: `表情工坊 ${pkg.name} ${pkg.credits} 积分` }, payer);
    } catch (e) {
      throw this.channelFailed(e);
    }
    await this.db.getRepository(Order).insert(row);
    return { order: toOrderView(row), payment };
  }

  async list(userId: number, page: number, pageSize: number): Promise<Paged<OrderView>> {
    const [rows, total] = await this.db.getRepository(Order).findAndCount({
      where: { userId },
      order: { id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { total, page, pageSize, items: rows.map(toOrderView) };
  }

  /** One of my orders (404 for anyone else's); while CREATED, first asks the channel (a lost notification cannot lose a payment). */
  async mine(userId: number, outTradeNo: string): Promise<OrderView> {
    const order = await this.delivery.find(outTradeNo);
    if (!order || order.userId !== userId) throw notFound('订单不存在');
    const due = !order.queriedAt || Date.now() - order.queriedAt.getTime() >= this.cfg.queryRefreshSeconds * 1000;
    return toOrderView(order.status === 'CREATED' && due ? await this.refresh(order, 'query') : order);
  }

  /** Asks the channel about a CREATED order: paid → delivered; cancelled there or expired here → CLOSED. Channel errors are logged, not thrown. */
  async refresh(order: Order, source: PaymentSource, now = new Date()): Promise<Order> {
    await this.db.getRepository(Order).update({ id: order.id }, { queriedAt: now });
    try {
      const channel = this.channels.get(order.channel);
      const openid =
        order.channel === 'wechat_virtual' ? ((await this.db.getRepository(User).findOne({ where: { id: order.userId } }))?.openid ?? undefined) : undefined;
      const p = await channel.query(order.outTradeNo, { openid });
      if (p.state === 'PAID') return (await this.delivery.deliver(order.outTradeNo, p, source)).order;
      if (p.state === 'CLOSED') await this.delivery.close(order, source, '支付渠道显示已取消', p.raw);
      else if (order.expiresAt <= now) await this.delivery.close(order, source, `超过 ${this.cfg.orderTtlMinutes} 分钟未支付`, p.raw);
    } catch (e) {
      if (e instanceof AppError) this.logger.warn('[payments] order %s: %s', order.outTradeNo, e.message);
      else this.logger.warn('[payments] asking the channel about order %s failed: %s', order.outTradeNo, e instanceof Error ? e.message : String(e));
    }
    return (await this.delivery.find(order.outTradeNo)) ?? order;
  }

  /** The sweeper's pass: CREATED orders older than sweepAfterSeconds, oldest first. */
  async sweep(now = new Date(), limit = 50): Promise<number> {
    const stale = await this.db.getRepository(Order).find({
      where: { status: 'CREATED', createdAt: LessThan(new Date(now.getTime() - this.cfg.sweepAfterSeconds * 1000)) },
      order: { id: 'ASC' },
      take: limit,
    });
    for (const o of stale) await this.refresh(o, 'sweeper', now);
    return stale.length;
  }

  private channelFailed(e: unknown): AppError {
    if (e instanceof AppError) return e;
    this.logger.error('[payments] creating the payment failed: %s', e instanceof Error ? e.message : String(e));
    const msg = e instanceof PaymentChannelError ? e.message : 'channel error';
    return new AppError('PAYMENT_FAILED', '支付渠道暂时不可用，请稍后再试', { details: { reason: msg.slice(0, 200) } });
  }
}
