import { createHmac } from 'crypto';
import { LocalServer, startLocalServer } from './local-server';

/** RFC 3986 encoding as Aliyun's RPC signature uses it. */
const encode = (s: string) => encodeURIComponent(s).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');

export interface SmsStandIn extends LocalServer {
  /** codes sent, by phone (parsed from TemplateParam) */
  sent: Array<{ phone: string; code: string; params: Record<string, string> }>;
  /** make the next sends fail with this Aliyun error Code */
  failWith?: string;
}

/**
 * Stand-in for Aliyun's dysmsapi RPC endpoint: checks the request the way Aliyun does (action, version,
 * signature method, a valid HMAC-SHA1 signature with `secret&`) and answers like SendSms.
 */
export async function startSmsStandIn(accessKeyId: string, accessKeySecret: string): Promise<SmsStandIn> {
  const sent: SmsStandIn['sent'] = [];
  const self = {} as SmsStandIn;
  const server = await startLocalServer(req => {
    const params = Object.fromEntries(new URLSearchParams(req.body)) as Record<string, string>;
    const { Signature, ...rest } = params;
    const canonical = Object.keys(rest)
      .sort()
      .map(k => `${encode(k)}=${encode(rest[k] as string)}`)
      .join('&');
    const expected = createHmac('sha1', `${accessKeySecret}&`)
      .update(`POST&${encode('/')}&${encode(canonical)}`)
      .digest('base64');
    const problems: string[] = [];
    if (req.method !== 'POST') problems.push('method');
    if (params.Action !== 'SendSms') problems.push('Action');
    if (params.Version !== '2017-05-25') problems.push('Version');
    if (params.AccessKeyId !== accessKeyId) problems.push('AccessKeyId');
    if (params.SignatureMethod !== 'HMAC-SHA1' || !params.SignatureNonce || !params.Timestamp) problems.push('signature params');
    if (Signature !== expected) problems.push('Signature');
    if (!params.PhoneNumbers || !params.SignName || !params.TemplateCode) problems.push('SMS params');
    if (problems.length) {
      return { status: 400, json: { Code: 'SignatureDoesNotMatch', Message: problems.join(','), RequestId: 'r' } };
    }
    if (self.failWith) return { json: { Code: self.failWith, Message: 'refused by stand-in', RequestId: 'r' } };
    const code = (JSON.parse(params.TemplateParam ?? '{}') as { code?: string }).code ?? '';
    sent.push({ phone: params.PhoneNumbers as string, code, params });
    return { json: { Code: 'OK', Message: 'OK', BizId: `biz${sent.length}`, RequestId: 'r' } };
  });
  return Object.assign(self, server, { sent });
}

/** The backend's SMS settings pointing at a stand-in started with ('test-ak', 'test-secret'), plus `extra`. */
export function smsEnv(sms: SmsStandIn, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SMS_ACCESS_KEY_ID: 'test-ak',
    SMS_ACCESS_KEY_SECRET: 'test-secret',
    SMS_SIGN_NAME: '表情工坊',
    SMS_TEMPLATE_CODE: 'SMS_123',
    SMS_ENDPOINT: sms.url,
    ...extra,
  };
}
