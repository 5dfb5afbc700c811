/** POST /api/v1/orders. Price and credits come from the server's package table, never from the client. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { PAYMENT_CHANNELS } from '@app/shared';
import { optionalText } from '../rules';

/** fields a client might try to set the price with: kept (not stripped) so the controller can refuse them by name */
export const PRICE_FIELDS = ['price', 'priceFen', 'amount', 'amountFen', 'total', 'totalFee', 'credits'] as const;

export class OrderCreateDTO {
  @ApiProperty({ description: '积分套餐 id（GET /api/v1/credits/packages）', example: 'pkg_100' })
  @Rule(optionalText())
  packageId?: string;

  @ApiProperty({ enum: [...PAYMENT_CHANNELS], example: 'simulator' })
  @Rule(optionalText())
  channel?: string;

  @ApiProperty({ required: false, description: '小程序内虚拟支付：wx.login 的 code' })
  @Rule(optionalText())
  loginCode?: string;

  @ApiProperty({ required: false, description: 'H5 支付后返回的 http(s) 地址' })
  @Rule(optionalText())
  returnUrl?: string;

  @Rule(RuleType.any()) price?: unknown;
  @Rule(RuleType.any()) priceFen?: unknown;
  @Rule(RuleType.any()) amount?: unknown;
  @Rule(RuleType.any()) amountFen?: unknown;
  @Rule(RuleType.any()) total?: unknown;
  @Rule(RuleType.any()) totalFee?: unknown;
  @Rule(RuleType.any()) credits?: unknown;
}
