import { Config, Controller, Get, Inject, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { ApiResponse } from '@midwayjs/swagger';
import { CREDIT_PACKAGES, CreditPackagesResult, LEDGER_ENTRY_TYPES, LedgerEntryType, StickerKind } from '@app/shared';
import { validation } from '../../error/app.error';
import { CreditService, CreditsConfig } from '../../service/credits/credit.service';
import { answers } from '../../openapi/responses';
import { ok } from '../../util/envelope';

function intParam(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw validation(`${name} 必须是 ${min} 到 ${max} 之间的整数`, { field: name });
  return v;
}

function typesParam(raw: string | undefined): LedgerEntryType[] | undefined {
  if (!raw) return undefined;
  const types = raw.split(',').map(s => s.trim()).filter(Boolean);
  const bad = types.filter(t => !(LEDGER_ENTRY_TYPES as string[]).includes(t));
  if (bad.length) throw validation(`未知的流水类型：${bad.join(', ')}`, { field: 'type', allowed: LEDGER_ENTRY_TYPES });
  return types as LedgerEntryType[];
}

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
  async transactions(@Query('page') page?: string, @Query('page_size') pageSize?: string, @Query('type') type?: string) {
    const result = await this.credits.transactions(this.ctx.user!.id, {
      page: intParam(page, 'page', 1, 1, 1_000_000),
      pageSize: intParam(pageSize, 'page_size', 20, 1, 100),
      type: typesParam(type),
    });
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
