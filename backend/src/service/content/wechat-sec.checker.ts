import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { WechatApiError, WechatClient } from '../../client/wechat.client';
import { CheckUser, ContentChecker, StoredImage, Suggest, TextField, Verdict } from './checker';
import type { ContentConfig } from './wordlist.checker';

/** msgSecCheck takes at most 2500 characters */
const CONTENT_MAX = 2500;

interface SecResponse {
  errcode?: number;
  errmsg?: string;
  result?: { suggest?: string; label?: number | string };
  trace_id?: string;
}

const SUGGESTS: Suggest[] = ['pass', 'review', 'risky'];

export function readSuggest(v: unknown): Suggest | undefined {
  return typeof v === 'string' && (SUGGESTS as string[]).includes(v) ? (v as Suggest) : undefined;
}

/**
 * WeChat content security v2 (REFERENCE.md §4.4): msgSecCheck for text (a verdict now) and mediaCheckAsync
 * for images (a trace id now, the verdict pushed later to POST /api/v1/wechat/push). Both need the user's
 * openid (WeChat login) and a configured mini-program; otherwise the checker does not apply.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class WechatSecChecker implements ContentChecker {
  readonly name = 'wechat';

  @Inject()
  wechat: WechatClient;

  @Config('wechat.secScene')
  scene: number;

  @Config('content')
  cfg: ContentConfig;

  applies(user: CheckUser, kind: 'text' | 'image'): boolean {
    const enabled = kind === 'text' ? this.cfg.wechatTextCheck : this.cfg.wechatMediaCheck;
    return enabled && this.wechat.configured && !!user.openid;
  }

  async checkText(text: string, _field: TextField, user: CheckUser): Promise<Verdict> {
    const res = await this.wechat.withToken(token =>
      this.wechat.call<SecResponse>(`/wxa/msg_sec_check?access_token=${encodeURIComponent(token)}`, {
        version: 2,
        openid: user.openid,
        scene: this.scene,
        content: text.slice(0, CONTENT_MAX),
      }),
    );
    const suggest = readSuggest(res.result?.suggest);
    if (!suggest) throw new WechatApiError(res.errcode ?? -1, `msg_sec_check answered without result.suggest`);
    return { suggest, label: res.result?.label === undefined ? undefined : String(res.result.label) };
  }

  async submitImage(image: StoredImage, user: CheckUser): Promise<{ traceId: string }> {
    const res = await this.wechat.withToken(token =>
      this.wechat.call<SecResponse>(`/wxa/media_check_async?access_token=${encodeURIComponent(token)}`, {
        version: 2,
        openid: user.openid,
        scene: this.scene,
        media_url: image.url,
        media_type: 2,
      }),
    );
    if (!res.trace_id) throw new WechatApiError(res.errcode ?? -1, 'media_check_async answered without trace_id');
    return { traceId: res.trace_id };
  }
}
