import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { ValidateService } from '@midwayjs/validate';
import type { PaymentsConfig } from '../../config/payments';
import { AppError } from '../../error/app.error';
import { XpayPushDTO } from '../../dto/payments/xpay-push.dto';
import { OrderDeliveryService } from './order-delivery.service';

/** The message-push events of 小程序虚拟支付 that mean "the user paid, deliver the goods". */
export const XPAY_EVENTS: ReadonlySet<string> = new Set(['xpay_goods_deliver_notify', 'xpay_coin_pay_notify']);

/** What WeChat expects back; any other answer makes it push the same event again later. */
export const XPAY_SUCCESS = { ErrCode: 0, ErrMsg: 'success' } as const;

/**
 * The xpay delivery push (`xpay_goods_deliver_notify` / `xpay_coin_pay_notify`), already verified by the
 * message-push controller: read OutTradeNo, Env, WeChatPayInfo and GoodsInfo/CoinInfo, then deliver through
 * the one guarded transition. A repeat answers success again (WeChat retries until it gets success).
 * The amount checked against the order is OrigPrice (the goods' price, which xpay checks against our
 * goodsPrice); ActualPrice can be lower after a platform discount and is kept in the raw event.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class XpayPushService {
  @Inject()
  delivery: OrderDeliveryService;

  @Config('payments')
  cfg: PaymentsConfig;

  @Inject()
  validate: ValidateService;

  async handle(raw: Record<string, unknown>): Promise<typeof XPAY_SUCCESS> {
    const push = this.validate.validate(XpayPushDTO, raw)!.value as XpayPushDTO;
    if (push.Env !== this.cfg.xpay.env) throw new AppError('CALLBACK_INVALID', '推送的支付环境与配置不符');
    const paidTime = push.WeChatPayInfo?.paidTime;
    await this.delivery.deliver(
      push.OutTradeNo,
      {
        outTradeNo: push.OutTradeNo,
        state: 'PAID',
        transactionId: push.WeChatPayInfo?.transactionId,
        paidFen: (push.CoinInfo ?? push.GoodsInfo)!,
        paidAt: paidTime ? new Date(paidTime * 1000) : undefined,
        raw,
      },
      'push',
    );
    return XPAY_SUCCESS;
  }
}
