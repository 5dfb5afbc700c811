import { Body, Controller, Get, Inject, Post, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
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

  @Get('/push')
  async verifyUrl(@Query() q: PushQuery) {
    const echostr = await this.pushes.verifyUrl(q);
    this.ctx.type = 'text/plain';
    return echostr;
  }

  @Post('/push')
  async receive(@Query() q: PushQuery, @Body([pushBodyOf]) body: Record<string, unknown>) {
    const reply = await this.pushes.receive(q, body);
    if (reply) return reply; // an event with an answer of its own (xpay: {ErrCode:0,ErrMsg:"success"})
    this.ctx.type = 'text/plain';
    return 'success';
  }
}
