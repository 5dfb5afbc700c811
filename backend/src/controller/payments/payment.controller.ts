import { Controller, Get, Inject, Post } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { PaymentChannelRegistry } from '../../payment/registry';
import { OrderService } from '../../service/payments/order.service';
import { PaymentNotifyService } from '../../service/payments/payment-notify.service';
import { ok } from '../../util/envelope';

const header = (ctx: Context, name: string, max: number) => {
  const v = ctx.get(name);
  return v && v.length <= max ? v : undefined;
};

const rawBody = (ctx: Context) => (ctx.request as { rawBody?: string }).rawBody ?? '';

/**
 * `/api/v1/payments`: what the app may buy with (signed-in users), and the payment notifications from the
 * channels' servers (public routes, verified by PaymentNotifyService). Forged, stale or unreadable notifications get 401/400
 * and change nothing; a repeat of a delivered order answers success again.
 */
@Controller('/api/v1/payments')
export class PaymentController {
  @Inject()
  ctx: Context;

  @Inject()
  channels: PaymentChannelRegistry;

  @Inject()
  orders: OrderService;

  @Inject()
  notify: PaymentNotifyService;

  /** Packages for sale and the channels this server offers (`simulated`: no real money). */
  @ApiResponse(answers(200, 'PaymentOptionsOk'))
  @Get('/options')
  async options() {
    const channels = this.channels.names().map(name => ({ name, simulated: this.channels.get(name).simulated }));
    return ok(this.ctx, { packages: this.orders.packages(), channels });
  }

  /** The payment simulator's notification (src/payment/simulator.ts describes the signature). */
  @ApiResponse(answers(200, 'PaymentNotifyAck'))
  @Post('/simulator/notify')
  async simulator() {
    const h = {
      timestamp: header(this.ctx, 'X-Sim-Timestamp', 16),
      nonce: header(this.ctx, 'X-Sim-Nonce', 64),
      signature: header(this.ctx, 'X-Sim-Signature', 128),
    };
    await this.notify.simulator(h, rawBody(this.ctx), this.ctx.request.body);
    return { code: 'SUCCESS', message: '' };
  }

  /** WeChat Pay v3 notification (TRANSACTION.SUCCESS): answers 200 {code:"SUCCESS"}. */
  @ApiResponse(answers(200, 'PaymentNotifyAck'))
  @Post('/wechatpay/notify')
  async wechatpay() {
    const h = (n: string) => header(this.ctx, n, 512);
    await this.notify.wechatpay(
      {
        'wechatpay-timestamp': h('Wechatpay-Timestamp'),
        'wechatpay-nonce': h('Wechatpay-Nonce'),
        'wechatpay-signature': h('Wechatpay-Signature'),
        'wechatpay-serial': h('Wechatpay-Serial'),
      },
      rawBody(this.ctx),
    );
    return { code: 'SUCCESS', message: '' };
  }
}
