import { Config, Controller, Get, Inject } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../openapi/responses';
import { CAPTION_MAX_LENGTH, MetaResult, StickerKind } from '@app/shared';
import { ProviderRegistry } from '../provider/registry';
import { ok } from '../util/envelope';

/** Public facts the mini-program shows: prices, the signup bonus, whether providers are simulated. */
@Controller('/api/v1/meta')
export class MetaController {
  @Inject()
  ctx: Context;

  @Inject()
  registry: ProviderRegistry;

  @Config('app.prices')
  prices: Record<StickerKind, number>;

  @Config('app.signupBonus')
  signupBonus: number;

  @ApiResponse(answers(200, 'MetaOk'))
  @Get('/')
  async meta() {
    const data: MetaResult = {
      prices: this.prices,
      signupBonus: this.signupBonus,
      simulatedProviders: this.registry.simulatedProviders(),
      captionMaxLength: CAPTION_MAX_LENGTH,
    };
    return ok(this.ctx, data);
  }
}
