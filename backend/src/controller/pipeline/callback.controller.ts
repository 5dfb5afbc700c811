import { Body, Controller, Inject, Param, Post, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { CallbackQuery } from '../../dto/pipeline/callback.dto';
import { CallbackService } from '../../service/pipeline/callback.service';
import { ok } from '../../util/envelope';

/**
 * Provider callbacks (evolink, kie): `POST /api/v1/callbacks/:provider?task=&ts=&sig=`. Answers 200 at once
 * (providers retry slow or failed deliveries); CallbackService checks the signed URL and applies the status
 * afterwards. Forged, expired or mismatched callbacks get 401/400 and change nothing.
 */
@Controller('/api/v1/callbacks')
export class CallbackController {
  @Inject()
  ctx: Context;

  @Inject()
  callbacks: CallbackService;

  @ApiResponse(answers(200, 'CallbackReceivedOk'))
  @Post('/:provider')
  async receive(@Param('provider') providerName: string, @Query() q: CallbackQuery, @Body() body: unknown) {
    await this.callbacks.receive(providerName, q, body);
    return ok(this.ctx, { received: true });
  }
}
