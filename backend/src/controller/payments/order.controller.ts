import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { orderNoParam } from '../../dto/params';
import { validation } from '../../error/app.error';
import { OrderService } from '../../service/payments/order.service';
import { OrderCreateDTO, PRICE_FIELDS } from '../../dto/payments/order.dto';
import { pageOf, PageQuery } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

/** Fields a client might send to set its own price: refused, the price is ours. */
/** The signed-in user's orders for credit packages (app envelope). */
@Controller('/api/v1/orders')
export class OrderController {
  @Inject()
  ctx: Context;

  @Inject()
  orders: OrderService;

  /** `{packageId, channel, loginCode?, returnUrl?}` → the order and what the client needs to pay. */
  @Post('/')
  async create(@Body() body: OrderCreateDTO) {
    const sent = PRICE_FIELDS.filter(f => body[f] !== undefined);
    if (sent.length) throw validation('价格和积分由服务器按套餐决定，请不要提交', { fields: sent });
    const { packageId, channel, loginCode, returnUrl } = body;
    if (!packageId || packageId.length > 32) throw validation('请选择积分套餐', { field: 'packageId' });
    if (!channel || channel.length > 32) throw validation('请选择支付方式', { field: 'channel' });
    if (loginCode && loginCode.length > 256) throw validation('loginCode 无效', { field: 'loginCode' });
    if (returnUrl && (returnUrl.length > 500 || !/^https?:\/\//.test(returnUrl))) throw validation('returnUrl 必须是 http(s) 地址', { field: 'returnUrl' });
    const result = await this.orders.create(this.ctx.user!.id, { packageId, channel, loginCode, returnUrl });
    return ok(this.ctx, result, '订单已创建');
  }

  /** Mine, newest first: ?page&page_size */
  @Get('/')
  async list(@Query() query: PageQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(this.ctx, await this.orders.list(this.ctx.user!.id, page, pageSize));
  }

  @Get('/:outTradeNo')
  async detail(@Param('outTradeNo', [orderNoParam]) outTradeNo: string) {
    return ok(this.ctx, await this.orders.mine(this.ctx.user!.id, outTradeNo));
  }
}
