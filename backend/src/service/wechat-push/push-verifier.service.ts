import { Config, ILogger, Init, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { timingSafeEqual } from 'crypto';
import { AppError, validation } from '../../error/app.error';
import { isProduction } from '../../config/env';
import { RateLimitService } from '../limits/rate-limit.service';
import { aesKeyFrom, decryptPush, pushSignature } from './push-crypto';
import type { PushQuery } from '../../dto/wechat-push/push.dto';

/** Pushes signed longer ago than this (or this far in the future) are refused. */
export const PUSH_MAX_AGE_SECONDS = 600;

export interface PushConfig {
  appId: string;
  pushToken: string;
  /** EncodingAESKey: set it (and choose 安全模式 in the console) to take only encrypted, body-signed pushes */
  pushAesKey: string;
}

/** A verified push: the message, and a way to forget its nonce when handling it failed (so WeChat's retry is taken). */
export interface VerifiedPush {
  message: Record<string, unknown>;
  release(): Promise<void>;
}

/** the signed query as PushQuery read it */
type Query = PushQuery;

const param = (q: Query, name: keyof PushQuery, max = 128) => {
  const v = q[name];
  return typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;
};

const sameHex = (expected: string, given: string) => {
  const a = Buffer.from(expected);
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Verifies WeChat's message push before anything reads it: the signature, the age of the timestamp, a nonce not
 * seen within the window (remembered in Redis or memory, RateLimitService), and in safe mode the body signature and
 * decryption. With WECHAT_PUSH_AES_KEY set, plain-mode pushes are refused (no downgrade).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PushVerifier {
  @Config('wechat')
  cfg: PushConfig;

  @Inject()
  memory: RateLimitService;

  @Logger()
  logger: ILogger;

  private aesKey?: Buffer;

  @Init()
  init() {
    if (this.cfg.pushAesKey) this.aesKey = aesKeyFrom(this.cfg.pushAesKey);
    else if (isProduction && this.cfg.pushToken) {
      this.logger.warn('[wechat-push] plain mode: set WECHAT_PUSH_AES_KEY and choose 安全模式 so push bodies are signed and encrypted');
    }
  }

  get safeMode(): boolean {
    return !!this.aesKey;
  }

  /** GET: the console's URL check. Answers the echostr to echo back. */
  async verifyUrl(q: Query): Promise<string> {
    const echostr = param(q, 'echostr', 256);
    if (!echostr) throw validation('缺少 echostr');
    const { timestamp, nonce } = this.signed(q, []);
    await this.once(timestamp, nonce);
    return echostr;
  }

  /** POST: the verified message (decrypted in safe mode). */
  async open(q: Query, body: Record<string, unknown>): Promise<VerifiedPush> {
    let message = body;
    let timestamp: string;
    let nonce: string;
    if (this.aesKey) {
      const encrypt = typeof body.Encrypt === 'string' && body.Encrypt.length <= 1_000_000 ? body.Encrypt : '';
      if (q.encrypt_type !== 'aes' || !encrypt) throw this.refused('safe mode: not an encrypted push');
      ({ timestamp, nonce } = this.signed(q, [encrypt], 'msg_signature'));
      message = this.decrypt(encrypt);
    } else {
      ({ timestamp, nonce } = this.signed(q, []));
    }
    const release = await this.once(timestamp, nonce);
    return { message, release };
  }

  private signed(q: Query, extra: string[], name: 'signature' | 'msg_signature' = 'signature'): { timestamp: string; nonce: string } {
    if (!this.cfg.pushToken) throw new AppError('SERVICE_UNAVAILABLE', '消息推送未配置');
    const signature = param(q, name, 64);
    const timestamp = param(q, 'timestamp', 16);
    const nonce = param(q, 'nonce', 64);
    if (!signature || !timestamp || !nonce || !/^\d+$/.test(timestamp)) throw this.refused('missing parameters');
    if (!sameHex(pushSignature(this.cfg.pushToken, timestamp, nonce, ...extra), signature)) throw this.refused('signature mismatch');
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > PUSH_MAX_AGE_SECONDS) throw this.refused('stale timestamp');
    return { timestamp, nonce };
  }

  /** Each (timestamp, nonce) is taken once while its signature could still be accepted. */
  private async once(timestamp: string, nonce: string): Promise<() => Promise<void>> {
    const key = `wxpush:${timestamp}:${nonce}`;
    const seen = await this.memory.hit(key, 1, 2 * PUSH_MAX_AGE_SECONDS + 60);
    if (!seen.allowed) throw this.refused('nonce already used (replay)');
    return () => this.memory.reset(key);
  }

  private decrypt(encrypt: string): Record<string, unknown> {
    let opened: { message: string; appId: string };
    try {
      opened = decryptPush(encrypt, this.aesKey as Buffer);
    } catch (e) {
      throw this.refused(`cannot decrypt: ${(e as Error).message}`);
    }
    if (this.cfg.appId && opened.appId !== this.cfg.appId) throw this.refused('encrypted for another appid');
    let parsed: unknown;
    try {
      parsed = JSON.parse(opened.message);
    } catch {
      throw validation('推送内容必须是 JSON 对象');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw validation('推送内容必须是 JSON 对象');
    return parsed as Record<string, unknown>;
  }

  private refused(why: string) {
    this.logger.warn('[wechat-push] refused push: %s', why);
    return new AppError('CALLBACK_INVALID', '推送签名无效');
  }
}
