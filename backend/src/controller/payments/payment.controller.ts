import { Controller, Get, ILogger, Inject, Logger, Post } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { createHash, timingSafeEqual } from 'crypto';
import { AppError } from '../../error/app.error';
import { PaymentChannelRegistry } from '../../payment/registry';
import { PaymentChannelError } from '../../payment/channel';
import { isSimOrderState, simNotifySignature, toChannelPayment } from '../../payment/simulator';
import { OrderDeliveryService } from '../../service/payments/order-delivery.service';
import { OrderService } from '../../service/payments/order.service';
import { ok } from '../../util/envelope';

/** Notifications signed longer ago than this (or this far ahead) are refused as replays. */
const MAX_AGE_SECONDS = 300;

const header = (ctx: Context, name: string, max: number) => {
  const v = ctx.get(name);
  return v && v.length <= max ? v : undefined;
};

const same = (a: string, b: string) => {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
};

/**
 * `/api/v1/payments`: what the app may buy with (signed-in users), and the payment notifications from the
 * channels' servers (public routes, verified here). Forged, stale or unreadable notifications get 401/400
 * and change nothing; a repeat of a delivered order answers success again.
 */
@Controller('/api/v1/payments')
export class PaymentController {
  @Inject()
  ctx: Context;

  @Inject()
  channels: PaymentChannelRegistry;

  @Inject()
  delivery: OrderDeliveryService;

  @Inject()
  orders: OrderService;

  @Logger()
  logger: ILogger;

  /** Packages for sale and the channels this server offers (`simulated`: no real money). */
  @Get('/options')
  async options() {
    const channels = this.channels.names().map(name => ({ name, simulated: this.channels.get(name).simulated }));
    return ok(this.ctx, { packages: this.orders.packages(), channels });
  }

  /** The payment simulator's notification (src/payment/simulator.ts describes the signature). */
  @Post('/simulator/notify')
  async simulator() {
    const secret = this.channels.simulatorSecret();
    if (!secret) throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', '支付模拟器未启用', { status: 404 });
    const raw = (this.ctx.request as { rawBody?: string }).rawBody ?? '';
    const ts = header(this.ctx, 'X-Sim-Timestamp', 16);
    const nonce = header(this.ctx, 'X-Sim-Nonce', 64);
    const sig = header(this.ctx, 'X-Sim-Signature', 128);
    const bad = (why: string) => {
      this.logger.warn('[payments] refused simulator notification: %s', why);
      return new AppError('CALLBACK_INVALID', '支付通知签名无效');
    };
    if (!ts || !nonce || !sig || !/^\d+$/.test(ts)) throw bad('missing headers');
    if (!same(sig.toLowerCase(), simNotifySignature(secret, ts, nonce, raw))) throw bad('signature mismatch');
    if (Math.abs(Date.now() / 1000 - Number(ts)) > MAX_AGE_SECONDS) throw bad('stale timestamp');
    const body: unknown = this.ctx.request.body;
    if (!isSimOrderState(body)) throw new AppError('VALIDATION_FAILED', '支付通知内容无法识别');
    if (body.state !== 'PAID') return { code: 'SUCCESS', message: '' };
    await this.delivery.deliver(body.outTradeNo, toChannelPayment(body), 'notify');
    return { code: 'SUCCESS', message: '' };
  }

  /** WeChat Pay v3 notification (TRANSACTION.SUCCESS): signature verified, resource decrypted; answers 200 {code:"SUCCESS"}. */
  @Post('/wechatpay/notify')
  async wechatpay() {
    const channel = this.channels.wechatPay();
    if (!channel) throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', '微信支付未配置', { status: 404 });
    const raw = (this.ctx.request as { rawBody?: string }).rawBody ?? '';
    const h = (n: string) => header(this.ctx, n, 512);
    let payment;
    try {
      payment = channel.parseNotification({
        'wechatpay-timestamp': h('Wechatpay-Timestamp'), 'wechatpay-nonce': h('Wechatpay-Nonce'),
        'wechatpay-signature': h('Wechatpay-Signature'), 'wechatpay-serial': h('Wechatpay-Serial'),
      }, raw);
    } catch (e) {
      if (!(e instanceof PaymentChannelError)) throw e;
      this.logger.warn('[payments] refused WeChat Pay notification: %s', e.message);
      throw new AppError('CALLBACK_INVALID', '支付通知签名无效');
    }
    if (payment.state === 'PAID') await this.delivery.deliver(payment.outTradeNo, payment, 'notify');
    return { code: 'SUCCESS', message: '' };
  }
}
