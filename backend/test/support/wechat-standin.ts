import { LocalServer, startLocalServer } from './local-server';

export interface WechatStandIn extends LocalServer {
  /** phone-button codes the stand-in accepts → phone */
  phoneCodes: Map<string, { phone: string; countryCode?: string }>;
  /** login codes → openid */
  loginCodes: Map<string, string>;
  tokenFetches: number;
  /** answer the next getuserphonenumber with 40001 (stale token) */
  expireTokenOnce: boolean;
  /** msg_sec_check verdicts: the first rule whose `contains` is in the content wins; else pass */
  textRules: Array<{ contains: string; suggest: 'risky' | 'review' | 'pass'; label?: number }>;
  /** msg_sec_check / media_check_async answer this errcode instead (e.g. 61010 openid not seen recently) */
  secErrcode: number;
  /** bodies received by msg_sec_check */
  textChecks: Array<{ version: number; openid: string; scene: number; content: string }>;
  /** bodies received by media_check_async, with the trace id handed out */
  mediaChecks: Array<{ version: number; openid: string; scene: number; media_url: string; media_type: number; trace_id: string }>;
}

/** Stand-in for api.weixin.qq.com: cgi-bin/token, wxa/business/getuserphonenumber, sns/jscode2session, wxa/msg_sec_check, wxa/media_check_async (v2). */
export async function startWechatStandIn(appId: string, secret: string): Promise<WechatStandIn> {
  const self = {
    phoneCodes: new Map(),
    loginCodes: new Map(),
    tokenFetches: 0,
    expireTokenOnce: false,
    textRules: [],
    secErrcode: 0,
    textChecks: [],
    mediaChecks: [],
  } as unknown as WechatStandIn;
  let currentToken = '';
  const server = await startLocalServer(req => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== secret || url.searchParams.get('grant_type') !== 'client_credential') {
        return { json: { errcode: 40013, errmsg: 'invalid appid' } };
      }
      self.tokenFetches += 1;
      currentToken = `tok${self.tokenFetches}`;
      return { json: { access_token: currentToken, expires_in: 7200 } };
    }
    if (url.pathname === '/wxa/business/getuserphonenumber') {
      if (req.method !== 'POST' || !String(req.headers['content-type']).includes('application/json')) {
        return { json: { errcode: 47001, errmsg: 'data format error' } };
      }
      if (self.expireTokenOnce) {
        self.expireTokenOnce = false;
        currentToken = 'expired';
        return { json: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid' } };
      }
      if (url.searchParams.get('access_token') !== currentToken) return { json: { errcode: 40001, errmsg: 'invalid credential' } };
      const code = (JSON.parse(req.body || '{}') as { code?: string }).code ?? '';
      const hit = self.phoneCodes.get(code);
      if (!hit) return { json: { errcode: 40029, errmsg: 'invalid code' } };
      self.phoneCodes.delete(code); // single use
      return {
        json: {
          errcode: 0,
          errmsg: 'ok',
          phone_info: { phoneNumber: hit.phone, purePhoneNumber: hit.phone, countryCode: hit.countryCode ?? '86', watermark: { timestamp: 1, appid: appId } },
        },
      };
    }
    if (url.pathname === '/sns/jscode2session') {
      const openid = self.loginCodes.get(url.searchParams.get('js_code') ?? '');
      if (url.searchParams.get('appid') !== appId || url.searchParams.get('secret') !== secret) return { json: { errcode: 40013, errmsg: 'invalid appid' } };
      if (!openid) return { json: { errcode: 40029, errmsg: 'invalid code' } };
      return { json: { openid, session_key: 'sk' } };
    }
    if (url.pathname === '/wxa/msg_sec_check' || url.pathname === '/wxa/media_check_async') {
      if (req.method !== 'POST' || !String(req.headers['content-type']).includes('application/json')) {
        return { json: { errcode: 47001, errmsg: 'data format error' } };
      }
      if (url.searchParams.get('access_token') !== currentToken) return { json: { errcode: 40001, errmsg: 'invalid credential' } };
      if (self.secErrcode) return { json: { errcode: self.secErrcode, errmsg: 'stand-in error' } };
      const body = JSON.parse(req.body || '{}');
      if (body.version !== 2 || typeof body.openid !== 'string' || ![1, 2, 3, 4].includes(body.scene)) {
        return { json: { errcode: 40003, errmsg: 'invalid openid / version / scene' } };
      }
      if (url.pathname === '/wxa/msg_sec_check') {
        if (typeof body.content !== 'string' || body.content.length > 2500) return { json: { errcode: 40003, errmsg: 'invalid content' } };
        self.textChecks.push(body);
        const rule = self.textRules.find(r => body.content.includes(r.contains));
        const suggest = rule?.suggest ?? 'pass';
        const label = rule?.label ?? 100;
        return {
          json: {
            errcode: 0,
            errmsg: 'ok',
            result: { suggest, label },
            detail: [{ strategy: 'content_model', errcode: 0, suggest, label }],
            trace_id: `t${self.textChecks.length}`,
          },
        };
      }
      if (typeof body.media_url !== 'string' || body.media_type !== 2) return { json: { errcode: 40003, errmsg: 'invalid media' } };
      const traceId = `trace-${self.mediaChecks.length + 1}-${Date.now()}`;
      self.mediaChecks.push({ ...body, trace_id: traceId });
      return { json: { errcode: 0, errmsg: 'ok', trace_id: traceId } };
    }
    return { status: 404, json: { errcode: 404, errmsg: 'not found' } };
  });
  return Object.assign(self, server);
}
