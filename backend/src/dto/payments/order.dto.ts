/** POST /api/v1/orders. Price and credits come from the server's package table, never from the client. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { PAYMENT_CHANNELS } from '@app/shared';
import { validation } from '../../error/app.error';
import { asText, mustRead } from '../rules';

/** fields a client might try to set the price with: refused by name, all of them in one answer */
const PRICE_FIELDS = ['price', 'priceFen', 'amount', 'amountFen', 'total', 'totalFee', 'credits'] as const;

const noPrice = () =>
  RuleType.any().custom((_v, helpers) => {
    const body = (helpers.state.ancestors[0] ?? {}) as Record<string, unknown>;
    throw validation('价格和积分由服务器按套餐决定，请不要提交', { fields: PRICE_FIELDS.filter(f => body[f] !== undefined) });
  });

/** A required text field of at most `max` characters, trimmed; anything else answers `message` naming the field. */
const requiredField = (field: string, message: string, max: number) =>
  mustRead(v => {
    const t = asText(v)?.trim();
    if (!t || t.length > max) throw validation(message, { field });
    return t;
  });

/** An optional text field, trimmed ('' is absent), checked by `ok`. */
const optionalField = (field: string, message: string, ok: (t: string) => boolean) =>
  RuleType.any().custom(v => {
    const t = asText(v)?.trim();
    if (!t) return undefined;
    if (!ok(t)) throw validation(message, { field });
    return t;
  });

export class OrderCreateDTO {
  @Rule(noPrice()) price?: never;
  @Rule(noPrice()) priceFen?: never;
  @Rule(noPrice()) amount?: never;
  @Rule(noPrice()) amountFen?: never;
  @Rule(noPrice()) total?: never;
  @Rule(noPrice()) totalFee?: never;
  @Rule(noPrice()) credits?: never;

  @ApiProperty({ description: '积分套餐 id（GET /api/v1/credits/packages）', example: 'pkg_100' })
  @Rule(requiredField('packageId', '请选择积分套餐', 32))
  packageId: string;

  @ApiProperty({ enum: [...PAYMENT_CHANNELS], example: 'simulator' })
  @Rule(requiredField('channel', '请选择支付方式', 32))
  channel: string;

  @ApiProperty({ required: false, description: '小程序内虚拟支付：wx.login 的 code' })
  @Rule(optionalField('loginCode', 'loginCode 无效', t => t.length <= 256))
  loginCode?: string;

  @ApiProperty({ required: false, description: 'H5 支付后返回的 http(s) 地址' })
  @Rule(optionalField('returnUrl', 'returnUrl 必须是 http(s) 地址', t => t.length <= 500 && /^https?:\/\//.test(t)))
  returnUrl?: string;
}
