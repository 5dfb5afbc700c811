import { Body, Controller, Get, ILogger, Inject, Logger, Post, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { validation } from '../../error/app.error';
import { ContentGuard } from '../../service/content/content-guard.service';
import { readSuggest } from '../../service/content/wechat-sec.checker';
import { XpayPushService } from '../../service/payments/xpay-push.service';
import { PushVerifier } from '../../service/wechat-push/push-verifier.service';
import { asBody } from '../../util/body';

export { pushSignature } from '../../service/wechat-push/push-crypto';

type PushMessage = Record<string, unknown>;
/** resolves to the answer WeChat expects for that event, or nothing for the plain `success` */
type PushHandler = (message: PushMessage) => Promise<object | void>;

/**
 * WeChat message push (JSON format; plain or safe mode, see PushVerifier), configured in the mini-program console
 * with WECHAT_PUSH_TOKEN (and WECHAT_PUSH_AES_KEY in safe mode). GET answers the URL check; POST takes events,
 * verified before anything reads them, then handed to the handler for their Event (or MsgType): one line each in
 * `handlers`. Events nobody handles are acknowledged and ignored.
 */
@Controller('/api/v1/wechat')
export class WechatPushController {
  @Inject()
  ctx: Context;

  @Inject()
  verifier: PushVerifier;

  @Inject()
  guard: ContentGuard;

  @Inject()
  xpay: XpayPushService;

  @Logger()
  logger: ILogger;

  private readonly handlers: Record<string, PushHandler> = {
    wxa_media_check: m => this.mediaCheck(m),
    xpay_goods_deliver_notify: m => this.xpay.handle(m), // virtual payment: credits for an order
    xpay_coin_pay_notify: m => this.xpay.handle(m),
  };

  @Get('/push')
  async verifyUrl(@Query() q: Record<string, unknown>) {
    const echostr = await this.verifier.verifyUrl(q);
    this.ctx.type = 'text/plain';
    return echostr;
  }

  @Post('/push')
  async receive(@Query() q: Record<string, unknown>, @Body() raw: unknown) {
    const body = asBody(raw);
    if (!Object.keys(body).length) throw validation('推送内容必须是 JSON 对象');
    const push = await this.verifier.open(q, body);
    const type = typeof push.message.Event === 'string' ? push.message.Event : push.message.MsgType;
    const handler = typeof type === 'string' ? this.handlers[type] : undefined;
    let reply: object | void = undefined;
    try {
      if (handler) reply = await handler(push.message);
    } catch (e) {
      await push.release(); // not handled: WeChat's retry with the same nonce must be taken
      throw e;
    }
    if (reply) return reply; // an event with an answer of its own (xpay: {ErrCode:0,ErrMsg:"success"})
    this.ctx.type = 'text/plain';
    return 'success';
  }

  /** `wxa_media_check`: the verdict on an image sent to mediaCheckAsync. */
  private async mediaCheck(m: PushMessage): Promise<void> {
    const traceId = typeof m.trace_id === 'string' && m.trace_id.length <= 128 ? m.trace_id : '';
    if (!traceId) throw validation('缺少 trace_id');
    const result = asBody(m.result);
    const suggest = readSuggest(result.suggest);
    if (!suggest) {
      // e.g. errcode -1008: WeChat could not download the image; nothing to apply
      this.logger.warn('[wechat-push] media check %s without a verdict: errcode %s %s', traceId, String(m.errcode), String(m.errmsg).slice(0, 100));
      return;
    }
    const label = typeof result.label === 'number' || typeof result.label === 'string' ? String(result.label) : '';
    const outcome = await this.guard.applyMediaVerdict(traceId, suggest, label);
    if (outcome === 'unknown') this.logger.warn('[wechat-push] unknown trace_id %s', traceId);
  }
}
