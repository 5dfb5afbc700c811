import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { PaymentsConfig } from '../../config/payments';
import { AppError, validation } from '../../error/app.error';
import { asBody } from '../../util/body';
import { OrderDeliveryService } from './order-delivery.service';

/** The message-push events of 小程序虚拟支付 that mean "the user paid, deliver the goods". */
export const XPAY_EVENTS: ReadonlySet<string> = new Set(['xpay_goods_deliver_notify', 'xpay_coin_pay_notify']);

/** What WeChat expects back; any other answer makes it push the same event again later. */
export const XPAY_SUCCESS = { ErrCode: 0, ErrMsg: 'success' } as const;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) ? v : typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : undefined);
const str = (v: unknown, max = 64): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

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

  async handle(raw: Record<string, unknown>): Promise<typeof XPAY_SUCCESS> {
    const outTradeNo = str(raw.OutTradeNo, 32);
    if (!outTradeNo) throw validation('推送缺少 OutTradeNo');
    const env = num(raw.Env);
    if (env !== this.cfg.xpay.env) throw new AppError('CALLBACK_INVALID', '推送的支付环境与配置不符');
    const pay = asBody(raw.WeChatPayInfo);
    const goods = asBody(raw.Event === 'xpay_coin_pay_notify' ? raw.CoinInfo : raw.GoodsInfo);
    const price = num(goods.OrigPrice);
    if (price === undefined) throw validation('推送缺少商品价格');
    const paidTime = num(pay.PaidTime);
    await this.delivery.deliver(outTradeNo, {
      outTradeNo,
      state: 'PAID',
      transactionId: str(pay.TransactionId) ?? str(pay.MchOrderNo),
      paidFen: price,
      paidAt: paidTime ? new Date(paidTime * 1000) : undefined,
      raw,
    }, 'push');
    return XPAY_SUCCESS;
  }
}
