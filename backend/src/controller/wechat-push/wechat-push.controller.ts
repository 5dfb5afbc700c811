import { Body, Controller, Get, Inject, Post, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answersEither, answersRaw } from '../../openapi/responses';
import { PushQuery, pushBodyOf } from '../../dto/wechat-push/push.dto';
import { WechatPushService } from '../../service/wechat-push/wechat-push.service';

/**
 * WeChat message push (JSON format; plain or safe mode, see PushVerifier), configured in the mini-program console
 * with WECHAT_PUSH_TOKEN (and WECHAT_PUSH_AES_KEY in safe mode). GET answers the URL check; POST takes events,
 * verified and handled by WechatPushService.
 */
@Controller('/api/v1/wechat')
export class WechatPushController {
  @Inject()
  ctx: Context;

  @Inject()
  pushes: WechatPushService;

  @ApiResponse(answersRaw(200, 'text/plain', { type: 'string' }, 'the URL check: the echostr WeChat sent'))
  @Get('/push')
  async verifyUrl(@Query() q: PushQuery) {
    const echostr = await this.pushes.verifyUrl(q);
    this.ctx.type = 'text/plain';
    return echostr;
  }

  @ApiResponse(answersEither(200, 'WechatPushXpayAck', { type: 'string', enum: ['success'] }, 'xpay events: JSON; every other event: the text success'))
  @Post('/push')
  async receive(@Query() q: PushQuery, @Body([pushBodyOf]) body: Record<string, unknown>) {
    const reply = await this.pushes.receive(q, body);
    if (reply) return reply; // an event with an answer of its own (xpay: {ErrCode:0,ErrMsg:"success"})
    this.ctx.type = 'text/plain';
    return 'success';
  }
}
