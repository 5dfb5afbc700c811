import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { ValidateService } from '@midwayjs/validate';
import { MediaCheckPushDTO } from '../../dto/wechat-push/push.dto';
import { ContentGuard } from '../content/content-guard.service';
import { XpayPushService } from '../payments/xpay-push.service';
import { PushVerifier } from './push-verifier.service';
import type { PushQuery } from '../../dto/wechat-push/push.dto';

type PushMessage = Record<string, unknown>;
/** resolves to the answer WeChat expects for that event, or nothing for the plain `success` */
type PushHandler = (message: PushMessage) => Promise<object | void>;

/**
 * WeChat message push: each push is verified (PushVerifier) before anything reads it, then handed to the handler
 * for its Event (or MsgType): one line each in `handlers`. Events nobody handles are acknowledged and ignored.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class WechatPushService {
  @Inject()
  verifier: PushVerifier;

  @Inject()
  guard: ContentGuard;

  @Inject()
  xpay: XpayPushService;

  @Inject()
  validate: ValidateService;

  @Logger()
  logger: ILogger;

  private readonly handlers: Record<string, PushHandler> = {
    wxa_media_check: m => this.mediaCheck(m),
    xpay_goods_deliver_notify: m => this.xpay.handle(m), // virtual payment: credits for an order
    xpay_coin_pay_notify: m => this.xpay.handle(m),
  };

  /** The URL check: the echostr to answer. */
  verifyUrl(q: PushQuery): Promise<string> {
    return this.verifier.verifyUrl(q);
  }

  /** Verifies and handles a push; resolves to the event's own answer, or nothing for the plain `success`. */
  async receive(q: PushQuery, body: Record<string, unknown>): Promise<object | void> {
    const push = await this.verifier.open(q, body);
    const type = typeof push.message.Event === 'string' ? push.message.Event : push.message.MsgType;
    const handler = typeof type === 'string' ? this.handlers[type] : undefined;
    try {
      if (handler) return await handler(push.message);
    } catch (e) {
      await push.release(); // not handled: WeChat's retry with the same nonce must be taken
      throw e;
    }
  }

  /** `wxa_media_check`: the verdict on an image sent to mediaCheckAsync. */
  private async mediaCheck(m: PushMessage): Promise<void> {
    const push = this.validate.validate(MediaCheckPushDTO, m)!.value as MediaCheckPushDTO;
    const traceId = push.trace_id;
    const suggest = push.result?.suggest;
    if (!suggest) {
      // e.g. errcode -1008: WeChat could not download the image; nothing to apply
      this.logger.warn('[wechat-push] media check %s without a verdict: errcode %s %s', traceId, String(m.errcode), String(m.errmsg).slice(0, 100));
      return;
    }
    const label = push.result?.label ?? '';
    const outcome = await this.guard.applyMediaVerdict(traceId, suggest, label);
    if (outcome === 'unknown') this.logger.warn('[wechat-push] unknown trace_id %s', traceId);
  }
}
