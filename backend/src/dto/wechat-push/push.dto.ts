/**
 * WeChat message push: the signed query of GET (the console's URL check) and POST (events), and the POST body.
 * Values are taken as sent (a repeated parameter reads as missing); PushVerifier checks the signature, age and nonce.
 */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { validation } from '../../error/app.error';
import type { Suggest } from '../../service/content/checker';
import { readSuggest } from '../../service/content/wechat-sec.checker';
import { formField, mustRead } from '../rules';

export class PushQuery {
  @ApiProperty({ required: false, description: 'sha1(token, timestamp, nonce)（明文模式）' })
  @Rule(formField())
  signature?: string;

  @ApiProperty({ required: false, description: '秒级时间戳（10 分钟内）' })
  @Rule(formField())
  timestamp?: string;

  @ApiProperty({ required: false })
  @Rule(formField())
  nonce?: string;

  @ApiProperty({ required: false, description: 'GET：URL 校验要原样返回的字符串' })
  @Rule(formField())
  echostr?: string;

  @ApiProperty({ required: false, enum: ['aes'], description: '安全模式：aes' })
  @Rule(formField())
  encrypt_type?: string;

  @ApiProperty({ required: false, description: '安全模式：sha1(token, timestamp, nonce, Encrypt)' })
  @Rule(formField())
  msg_signature?: string;
}

/**
 * The POST body (`@Body([pushBodyOf])`): a JSON object, kept whole — its fields depend on the event (and in safe mode
 * it is `{Encrypt}`), so no DTO strips them; each event's handler reads its own (e.g. XpayPushDTO).
 */
export const pushBodyOf = (raw: unknown): Record<string, unknown> => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !Object.keys(raw).length) throw validation('推送内容必须是 JSON 对象');
  return raw as Record<string, unknown>;
};

/** `wxa_media_check`: WeChat's verdict on an image sent to mediaCheckAsync (read with ValidateService by WechatPushService). */
export class MediaCheckPushDTO {
  @Rule(
    mustRead(v => {
      if (typeof v !== 'string' || !v || v.length > 128) throw validation('缺少 trace_id');
      return v;
    }),
  )
  trace_id: string;

  /** `{suggest, label}`: suggest undefined when WeChat gave no verdict (e.g. errcode -1008, the image could not be downloaded) */
  @Rule(
    RuleType.any().custom(v => {
      const r = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
      return { suggest: readSuggest(r.suggest), label: typeof r.label === 'number' || typeof r.label === 'string' ? String(r.label) : '' };
    }),
  )
  result?: { suggest?: Suggest; label: string };

  @Rule(RuleType.any())
  errcode?: unknown;

  @Rule(RuleType.any())
  errmsg?: unknown;
}
