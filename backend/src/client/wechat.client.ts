import { Config, Provide, Scope, ScopeEnum } from '@midwayjs/core';

export interface WechatConfig {
  appId: string;
  secret: string;
  apiBase: string;
}

export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat API error ${errcode}: ${errmsg}`);
  }
}

interface WxResponse {
  errcode?: number;
  errmsg?: string;
}

/** errcodes meaning the access token is stale: refetch it once and retry */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

/**
 * WeChat server APIs for mini-programs: access token (cached until shortly before expiry),
 * getuserphonenumber (one-tap phone login) and jscode2session (openid). Base URL configurable.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class WechatClient {
  @Config('wechat')
  config: WechatConfig;

  private token?: { value: string; expiresAt: number };
  private pendingToken?: Promise<string>;

  get configured(): boolean {
    return !!(this.config.appId && this.config.secret);
  }

  async accessToken(force = false): Promise<string> {
    if (!force && this.token && this.token.expiresAt > Date.now()) return this.token.value;
    // one fetch at a time: WeChat invalidates the previous token when a new one is issued
    this.pendingToken ??= this.fetchToken().finally(() => (this.pendingToken = undefined));
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const q = new URLSearchParams({ grant_type: 'client_credential', appid: this.config.appId, secret: this.config.secret });
    const res = await this.call<WxResponse & { access_token?: string; expires_in?: number }>(`/cgi-bin/token?${q}`);
    if (!res.access_token) throw new WechatApiError(res.errcode ?? -1, res.errmsg ?? 'no access_token');
    const ttl = Math.max(60, (res.expires_in ?? 7200) - 300); // refresh 5 minutes early
    this.token = { value: res.access_token, expiresAt: Date.now() + ttl * 1000 };
    return res.access_token;
  }

  /** The phone number behind a `getPhoneNumber` button code (single use, valid 5 minutes). */
  async phoneNumber(code: string): Promise<{ phone: string; countryCode: string }> {
    const res = await this.withToken(token =>
      this.call<WxResponse & { phone_info?: { purePhoneNumber?: string; countryCode?: string } }>(
        `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`,
        { code },
      ),
    );
    const phone = res.phone_info?.purePhoneNumber;
    if (!phone) throw new WechatApiError(res.errcode ?? -1, res.errmsg ?? 'no phone_info');
    return { phone, countryCode: res.phone_info?.countryCode ?? '' };
  }

  /** openid (and the session_key xpay signs with) for a `Taro.login` code. */
  async code2Session(jsCode: string): Promise<{ openid: string; unionid?: string; sessionKey?: string }> {
    const q = new URLSearchParams({
      appid: this.config.appId,
      secret: this.config.secret,
      js_code: jsCode,
      grant_type: 'authorization_code',
    });
    const res = await this.call<WxResponse & { openid?: string; unionid?: string; session_key?: string }>(`/sns/jscode2session?${q}`);
    if (!res.openid) throw new WechatApiError(res.errcode ?? -1, res.errmsg ?? 'no openid');
    return { openid: res.openid, unionid: res.unionid, sessionKey: res.session_key };
  }

  /** Runs a call that needs the access token, refreshing the token once if WeChat says it is stale. */
  async withToken<T extends WxResponse>(fn: (token: string) => Promise<T>): Promise<T> {
    const first = await fn(await this.accessToken());
    if (first.errcode && TOKEN_ERRORS.has(first.errcode)) return fn(await this.accessToken(true));
    if (first.errcode) throw new WechatApiError(first.errcode, first.errmsg ?? '');
    return first;
  }

  async call<T>(pathAndQuery: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.config.apiBase}${pathAndQuery}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10000),
    });
    if (!res.ok) throw new WechatApiError(-res.status, `HTTP ${res.status}`);
    return (await res.json()) as T;
  }
}
