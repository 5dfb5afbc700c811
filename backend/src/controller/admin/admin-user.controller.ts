import { Body, Controller, Get, Inject, Param, Post, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { DeductDTO, DisableReasonDTO, EnableReasonDTO, GrantDTO } from '../../dto/admin/admin-body.dto';
import { AdminLedgerQuery, AdminUserQuery } from '../../dto/admin/admin-query.dto';
import { AdminUsersService } from '../../service/admin/admin-users.service';
import { idParam } from '../../dto/params';
import { CreditService } from '../../service/credits/credit.service';
import { pageOf } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

const USER_ID = idParam('用户不存在');

/** Accounts for operators: search, detail, ledger, grant/deduct with a reason, disable/enable. */
@Controller('/api/v1/admin/users')
export class AdminUserController {
  @Inject()
  ctx: Context;

  @Inject()
  users: AdminUsersService;

  @Inject()
  credits: CreditService;

  /** ?phone=138&role=admin&disabled=true&page&page_size → Paged<AdminUserRow>, newest first */
  @ApiResponse(answers(200, 'AdminUserPageOk'))
  @Get('/')
  async search(@Query() query: AdminUserQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(this.ctx, await this.users.search({ page, pageSize, phone: query.phone, role: query.role, disabled: query.disabled }));
  }

  /** → AdminUserDetail (balance, frozen, lots with expiry) */
  @ApiResponse(answers(200, 'AdminUserDetailOk'))
  @Get('/:id')
  async detail(@Param('id', [USER_ID]) id: number) {
    return ok(this.ctx, await this.users.detail(id));
  }

  /** ?page&page_size&type=grant,deduct → Paged<LedgerEntryView>, newest first */
  @ApiResponse(answers(200, 'LedgerPageOk'))
  @Get('/:id/transactions')
  async transactions(@Param('id', [USER_ID]) id: number, @Query() query: AdminLedgerQuery) {
    const user = await this.users.mustFind(id);
    const { page, pageSize } = pageOf(query);
    return ok(this.ctx, await this.credits.transactions(user.id, { page, pageSize, type: query.type }));
  }

  /** {amount, reason, idempotencyKey?} → LedgerResult */
  @ApiResponse(answers(200, 'LedgerResultOk'))
  @Post('/:id/grant')
  async grant(@Param('id', [USER_ID]) id: number, @Body() body: GrantDTO) {
    const input = { amount: body.amount, reason: body.reason, idempotencyKey: body.idempotencyKey };
    return ok(this.ctx, await this.users.grant(this.ctx.user!.id, id, input), '积分已发放');
  }

  /** {amount, reason, idempotencyKey?} → LedgerResult (402 when the user has fewer available credits) */
  @ApiResponse(answers(200, 'LedgerResultOk'))
  @Post('/:id/deduct')
  async deduct(@Param('id', [USER_ID]) id: number, @Body() body: DeductDTO) {
    const input = { amount: body.amount, reason: body.reason, idempotencyKey: body.idempotencyKey };
    return ok(this.ctx, await this.users.deduct(this.ctx.user!.id, id, input), '积分已扣除');
  }

  /** {reason} → AdminUserRow; the user's tokens stop working at once */
  @ApiResponse(answers(200, 'AdminUserRowOk'))
  @Post('/:id/disable')
  async disable(@Param('id', [USER_ID]) id: number, @Body() body: DisableReasonDTO) {
    return ok(this.ctx, await this.users.disable(this.ctx.user!.id, id, body.reason), '账号已停用');
  }

  /** {reason} → AdminUserRow */
  @ApiResponse(answers(200, 'AdminUserRowOk'))
  @Post('/:id/enable')
  async enable(@Param('id', [USER_ID]) id: number, @Body() body: EnableReasonDTO) {
    return ok(this.ctx, await this.users.enable(this.ctx.user!.id, id, body.reason), '账号已启用');
  }
}
