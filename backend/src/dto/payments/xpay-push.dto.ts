/**
 * The xpay delivery push (`xpay_goods_deliver_notify` / `xpay_coin_pay_notify`) as XpayPushService reads it, after
 * PushVerifier has checked it. Read with ValidateService (the push is a message, not a route's body); the raw event
 * is kept whole for the order's history.
 */
import { Rule, RuleType } from '@midwayjs/validate';
import { validation } from '../../error/app.error';
import { mustRead } from '../rules';

/** a JSON integer, or its digits (up to 12) */
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) ? v : typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : undefined;
/** a non-empty string of at most `max` characters */
const str =
  (max: number) =>
  (v: unknown): string | undefined =>
    typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
/** a nested object, or {} for anything else */
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const price = (v: unknown): number => {
  const n = num(obj(v).OrigPrice);
  if (n === undefined) throw validation('推送缺少商品价格');
  return n;
};

export class XpayPushDTO {
  @Rule(RuleType.string())
  Event: string;

  @Rule(
    mustRead(
      v =>
        str(32)(v) ??
        (() => {
          throw validation('推送缺少 OutTradeNo');
        })(),
    ),
  )
  OutTradeNo: string;

  /** 0 production, 1 sandbox: compared with the configured one by the service */
  @Rule(RuleType.any().custom(num))
  Env?: number;

  /** the goods' price in fen (OrigPrice of GoodsInfo, or of CoinInfo for a coin payment) */
  @Rule(RuleType.any().when('Event', { is: 'xpay_coin_pay_notify', then: RuleType.any().strip(), otherwise: mustRead(price) }))
  GoodsInfo?: number;

  @Rule(RuleType.any().when('Event', { is: 'xpay_coin_pay_notify', then: mustRead(price), otherwise: RuleType.any().strip() }))
  CoinInfo?: number;

  @Rule(
    RuleType.any().custom(v => {
      const pay = obj(v);
      return { transactionId: str(64)(pay.TransactionId) ?? str(64)(pay.MchOrderNo), paidTime: num(pay.PaidTime) };
    }),
  )
  WeChatPayInfo?: { transactionId?: string; paidTime?: number };
}
