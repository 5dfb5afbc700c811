import { Config, ILogger, Init, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import RPCClient = require('@alicloud/pop-core');

export interface SmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  endpoint: string;
  signName: string;
  templateCode: string;
  regionId: string;
}

/**
 * Aliyun SMS `SendSms` through @alicloud/pop-core (RPC style, HMAC-SHA1 signed query).
 * Configured when SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME and SMS_TEMPLATE_CODE are all set.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class SmsClient {
  @Config('sms')
  config: SmsConfig;

  @Logger()
  logger: ILogger;

  private client?: RPCClient;

  @Init()
  init() {
    const c = this.config;
    const set = [c.accessKeyId, c.accessKeySecret, c.signName, c.templateCode].filter(Boolean).length;
    if (set > 0 && set < 4) {
      throw new Error('[sms] SMS_ACCESS_KEY_ID, SMS_ACCESS_KEY_SECRET, SMS_SIGN_NAME and SMS_TEMPLATE_CODE must be set together');
    }
    if (set === 4) {
      this.client = new RPCClient({
        accessKeyId: c.accessKeyId,
        accessKeySecret: c.accessKeySecret,
        endpoint: c.endpoint,
        apiVersion: '2017-05-25',
      });
    }
  }

  get configured(): boolean {
    return !!this.client;
  }

  /** Sends the login code. Throws with Aliyun's Code/Message on any refusal. */
  async sendCode(phone: string, code: string): Promise<{ bizId: string }> {
    if (!this.client) throw new Error('SMS is not configured');
    const res = (await this.client.request(
      'SendSms',
      {
        RegionId: this.config.regionId,
        PhoneNumbers: phone,
        SignName: this.config.signName,
        TemplateCode: this.config.templateCode,
        TemplateParam: JSON.stringify({ code }), // template values must be strings
      },
      { method: 'POST', timeout: 10000 },
    )) as { Code?: string; Message?: string; BizId?: string };
    if (res.Code !== 'OK') {
      throw new Error(`Aliyun SendSms refused: ${res.Code ?? 'no code'} ${res.Message ?? ''}`.trim());
    }
    return { bizId: res.BizId ?? '' };
  }
}
