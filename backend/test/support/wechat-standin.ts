import { LocalServer, startLocalServer } from './local-server';

export interface WechatStandIn extends LocalServer {
  /** phone-button codes the stand-in accepts → phone */
  phoneCodes: Map<string, { phone: string; countryCode?: string }>;
  /** login codes → openid */
  loginCodes: Map<string, string>;
  tokenFetches: number;
  /** answer the next getuserphonenumber with 40001 (stale token) */
  expireTokenOnce: boolean;
}

/** Stand-in for api.weixin.qq.com: cgi-bin/token, wxa/business/getuserphonenumber, sns/jscode2session. */
export async function startWechatStandIn(appId: string, secret: string): Promise<WechatStandIn> {
  const self = { phoneCodes: new Map(), loginCodes: new Map(), tokenFetches: 0, expireTokenOnce: false } as unknown as WechatStandIn;
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
    return { status: 404, json: { errcode: 404, errmsg: 'not found' } };
  });
  return Object.assign(self, server);
}
