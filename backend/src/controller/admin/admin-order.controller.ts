import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { orderNoParam } from '../../dto/params';
import { AdminOrderQuery, RevenueQuery } from '../../dto/admin/admin-query.dto';
import { AdminOrdersService } from '../../service/payments/admin-orders.service';
import { RefundReasonDTO } from '../../dto/admin/admin-body.dto';
import { pageOf } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

/** Orders for operators: filters, detail with the notification history, revenue per day, refunds. */
@Controller('/api/v1/admin/orders')
export class AdminOrderController {
  @Inject()
  ctx: Context;

  @Inject()
  orders: AdminOrdersService;

  /** ?status=DELIVERED,REFUNDED&channel=simulator&from=2026-11-01&to=2026-11-30&alert=true&out_trade_no&user_id&page&page_size */
  @ApiResponse(answers(200, 'AdminOrderPageOk'))
  @Get('/')
  async list(@Query() query: AdminOrderQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(
      this.ctx,
      await this.orders.list({
        page,
        pageSize,
        from: query.from,
        to: query.to,
        outTradeNo: query.out_trade_no,
        status: query.status,
        channel: query.channel,
        alert: query.alert,
        userId: query.user_id,
      }),
    );
  }

  /** ?days=30 → RevenueDay[] (China-time days, oldest first) */
  @ApiResponse(answers(200, 'RevenueOk'))
  @Get('/revenue')
  async revenue(@Query() query: RevenueQuery) {
    return ok(this.ctx, await this.orders.revenue(query.days ?? 30));
  }

  @ApiResponse(answers(200, 'AdminOrderDetailOk'))
  @Get('/:outTradeNo')
  async detail(@Param('outTradeNo', [orderNoParam]) outTradeNo: string) {
    return ok(this.ctx, await this.orders.detail(outTradeNo));
  }

  /** {reason} → AdminOrderDetail. 409 ORDER_NOT_REFUNDABLE unless DELIVERED with every credit unspent. */
  @ApiResponse(answers(200, 'AdminOrderDetailOk'))
  @Post('/:outTradeNo/refund')
  async refund(@Param('outTradeNo', [orderNoParam]) outTradeNo: string, @Body() body: RefundReasonDTO) {
    return ok(this.ctx, await this.orders.refund(this.ctx.user!.id, outTradeNo, body.reason), '已退款');
  }
}
