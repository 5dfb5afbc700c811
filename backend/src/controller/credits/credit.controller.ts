import { Config, Controller, Get, Inject, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { ApiResponse } from '@midwayjs/swagger';
import { CREDIT_PACKAGES, CreditPackagesResult, StickerKind } from '@app/shared';
import { CreditTransactionsQuery } from '../../dto/credits/credit.dto';
import { pageOf } from '../../dto/page.dto';
import { CreditService, CreditsConfig } from '../../service/credits/credit.service';
import { answers } from '../../openapi/responses';
import { ok } from '../../util/envelope';

/** The signed-in user's credits (app envelope). /packages is public (see the auth middleware). */
@Controller('/api/v1/credits')
export class CreditController {
  @Inject()
  ctx: Context;

  @Inject()
  credits: CreditService;

  @Config('app.prices')
  prices: Record<StickerKind, number>;

  @Config('app.signupBonus')
  signupBonus: number;

  @Config('credits')
  cfg: CreditsConfig;

  @ApiResponse(answers(200, 'CreditSummaryOk'))
  @Get('/')
  async summary() {
    return ok(this.ctx, await this.credits.summary(this.ctx.user!.id));
  }

  /** ?page=1&page_size=20&type=settle,release — newest first */
  @ApiResponse(answers(200, 'LedgerPageOk'))
  @Get('/transactions')
  async transactions(@Query() query: CreditTransactionsQuery) {
    const result = await this.credits.transactions(this.ctx.user!.id, { ...pageOf(query), type: query.type });
    return ok(this.ctx, result);
  }

  @ApiResponse(answers(200, 'CreditPackagesOk'))
  @Get('/packages')
  async packages() {
    const data: CreditPackagesResult = {
      packages: CREDIT_PACKAGES,
      prices: this.prices,
      signupBonus: this.signupBonus,
      expiryDays: this.cfg.expiryDays,
    };
    return ok(this.ctx, data);
  }
}
