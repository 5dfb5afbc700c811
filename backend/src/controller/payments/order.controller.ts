import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { orderNoParam } from '../../dto/params';
import { OrderService } from '../../service/payments/order.service';
import { OrderCreateDTO } from '../../dto/payments/order.dto';
import { pageOf, PageQuery } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

/** The signed-in user's orders for credit packages (app envelope). */
@Controller('/api/v1/orders')
export class OrderController {
  @Inject()
  ctx: Context;

  @Inject()
  orders: OrderService;

  /** `{packageId, channel, loginCode?, returnUrl?}` → the order and what the client needs to pay. */
  @ApiResponse(answers(200, 'OrderCreatedOk'))
  @Post('/')
  async create(@Body() body: OrderCreateDTO) {
    const { packageId, channel, loginCode, returnUrl } = body;
    const result = await this.orders.create(this.ctx.user!.id, { packageId, channel, loginCode, returnUrl });
    return ok(this.ctx, result, '订单已创建');
  }

  /** Mine, newest first: ?page&page_size */
  @ApiResponse(answers(200, 'OrderPageOk'))
  @Get('/')
  async list(@Query() query: PageQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(this.ctx, await this.orders.list(this.ctx.user!.id, page, pageSize));
  }

  @ApiResponse(answers(200, 'OrderOk'))
  @Get('/:outTradeNo')
  async detail(@Param('outTradeNo', [orderNoParam]) outTradeNo: string) {
    return ok(this.ctx, await this.orders.mine(this.ctx.user!.id, outTradeNo));
  }
}
