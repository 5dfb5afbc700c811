import { Body, Config, Controller, Get, ILogger, Inject, Logger, Post, Query } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { createHash, timingSafeEqual } from 'crypto';
import { AppError, validation } from '../error/app.error';
import { ContentGuard } from '../service/content/content-guard.service';
import { XPAY_EVENTS, XpayPushService } from '../service/payments/xpay-push.service';
import { readSuggest } from '../service/content/wechat-sec.checker';
import { asBody } from '../util/body';

/** Pushes signed longer ago than this (or this far in the future) are refused as replays. */
const MAX_AGE_SECONDS = 600;

/** WeChat's message-push signature: sha1 of the sorted [token, timestamp, nonce], hex. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

const param = (q: Record<string, unknown>, name: string, max = 128) => {
  const v = q[name];
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
};

/**
 * WeChat message push (plain-text mode, JSON format), configured in the mini-program console with the token
 * WECHAT_PUSH_TOKEN. GET answers the URL verification; POST takes events — `wxa_media_check` carries the
 * verdict of an image sent to mediaCheckAsync. Both are signed; anything else answers 401 and changes nothing.
 */
@Controller('/api/v1/wechat')
export class WechatPushController {
  @Inject()
  ctx: Context;

  @Inject()
  guard: ContentGuard;

  @Inject()
  xpay: XpayPushService;

  @Config('wechat.pushToken')
  token: string;

  @Logger()
  logger: ILogger;

  @Get('/push')
  async verifyUrl(@Query() q: Record<string, unknown>) {
    this.verify(q);
    const echostr = param(q, 'echostr', 256);
    if (!echostr) throw validation('缺少 echostr');
    this.ctx.type = 'text/plain';
    return echostr;
  }

  @Post('/push')
  async receive(@Query() q: Record<string, unknown>, @Body() raw: unknown) {
    this.verify(q);
    const body = asBody(raw);
    if (!Object.keys(body).length) throw validation('推送内容必须是 JSON 对象');
    if (XPAY_EVENTS.has(String(body.Event))) return this.xpay.handle(body); // virtual payment: credits for an order
    this.ctx.type = 'text/plain';
    if (body.Event !== 'wxa_media_check') return 'success'; // other events are not ours to handle
    const traceId = param(body, 'trace_id');
    const result = asBody(body.result);
    const suggest = readSuggest(result.suggest);
    if (!traceId) throw validation('缺少 trace_id');
    if (!suggest) {
      // e.g. errcode -1008: WeChat could not download the image; nothing to apply
      this.logger.warn('[wechat-push] media check %s without a verdict: errcode %s %s', traceId, String(body.errcode), String(body.errmsg).slice(0, 100));
      return 'success';
    }
    const label = typeof result.label === 'number' || typeof result.label === 'string' ? String(result.label) : '';
    const outcome = await this.guard.applyMediaVerdict(traceId, suggest, label);
    if (outcome === 'unknown') this.logger.warn('[wechat-push] unknown trace_id %s', traceId);
    return 'success';
  }

  private verify(q: Record<string, unknown>): void {
    if (!this.token) throw new AppError('SERVICE_UNAVAILABLE', '消息推送未配置');
    const signature = param(q, 'signature', 64);
    const timestamp = param(q, 'timestamp', 16);
    const nonce = param(q, 'nonce', 64);
    const bad = (why: string) => {
      this.logger.warn('[wechat-push] refused push: %s', why);
      return new AppError('CALLBACK_INVALID', '推送签名无效');
    };
    if (!signature || !timestamp || !nonce || !/^\d+$/.test(timestamp)) throw bad('missing parameters');
    const expected = Buffer.from(pushSignature(this.token, timestamp, nonce));
    const given = Buffer.from(signature.toLowerCase());
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw bad('signature mismatch');
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_AGE_SECONDS) throw bad('stale timestamp');
  }
}
