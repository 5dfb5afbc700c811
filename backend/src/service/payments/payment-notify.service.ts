import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { createHash, timingSafeEqual } from 'crypto';
import { AppError } from '../../error/app.error';
import { PaymentChannelError } from '../../payment/channel';
import { PaymentChannelRegistry } from '../../payment/registry';
import { isSimOrderState, simNotifySignature, toChannelPayment } from '../../payment/simulator';
import { OrderDeliveryService } from './order-delivery.service';

/** Notifications signed longer ago than this (or this far ahead) are refused as replays. */
const MAX_AGE_SECONDS = 300;

/** The notification headers as received (absent or too long → undefined). */
export type NotifyHeaders = Record<string, string | undefined>;

const same = (a: string, b: string) => {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
};

/**
 * Payment notifications from the channels' servers: verified (signature, replay window) before anything reads
 * them, then a paid order is delivered. Forged, stale or unreadable notifications throw AppError (401/400) and
 * change nothing; a repeat of a delivered order is delivered once.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PaymentNotifyService {
  @Inject()
  channels: PaymentChannelRegistry;

  @Inject()
  delivery: OrderDeliveryService;

  @Logger()
  logger: ILogger;

  /** The payment simulator's notification (src/payment/simulator.ts describes the signature). */
  async simulator(h: { timestamp?: string; nonce?: string; signature?: string }, raw: string, body: unknown): Promise<void> {
    const secret = this.channels.simulatorSecret();
    if (!secret) throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', '支付模拟器未启用', { status: 404 });
    const bad = (why: string) => {
      this.logger.warn('[payments] refused simulator notification: %s', why);
      return new AppError('CALLBACK_INVALID', '支付通知签名无效');
    };
    const { timestamp: ts, nonce, signature: sig } = h;
    if (!ts || !nonce || !sig || !/^\d+$/.test(ts)) throw bad('missing headers');
    if (!same(sig.toLowerCase(), simNotifySignature(secret, ts, nonce, raw))) throw bad('signature mismatch');
    if (Math.abs(Date.now() / 1000 - Number(ts)) > MAX_AGE_SECONDS) throw bad('stale timestamp');
    if (!isSimOrderState(body)) throw new AppError('VALIDATION_FAILED', '支付通知内容无法识别');
    if (body.state !== 'PAID') return;
    await this.delivery.deliver(body.outTradeNo, toChannelPayment(body), 'notify');
  }

  /** WeChat Pay v3 notification (TRANSACTION.SUCCESS): signature verified, resource decrypted by the channel. */
  async wechatpay(headers: NotifyHeaders, raw: string): Promise<void> {
    const channel = this.channels.wechatPay();
    if (!channel) throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', '微信支付未配置', { status: 404 });
    let payment;
    try {
      payment = channel.parseNotification(headers, raw);
    } catch (e) {
      if (!(e instanceof PaymentChannelError)) throw e;
      this.logger.warn('[payments] refused WeChat Pay notification: %s', e.message);
      throw new AppError('CALLBACK_INVALID', '支付通知签名无效');
    }
    if (payment.state === 'PAID') await this.delivery.deliver(payment.outTradeNo, payment, 'notify');
  }
}
