import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { createHmac, randomInt, timingSafeEqual } from 'crypto';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { SmsSendResult } from '@app/shared';
import { SmsClient } from '../../client/sms.client';
import { isProduction } from '../../config/env';
import { SmsCode } from '../../entity/sms-code.entity';
import { AppError, invalidPhone } from '../../error/app.error';
import { isMainlandMobile } from '../../util/phone';
import { RateLimitService } from '../limits/rate-limit.service';

interface SmsPolicy {
  codeTtlSeconds: number;
  resendSeconds: number;
  dailyCapPerPhone: number;
  maxAttempts: number;
}

/** Per-IP sends per minute (seed 004: 5/min). */
const SENDS_PER_IP_PER_MINUTE = 5;

/**
 * SMS login codes: 6 digits, stored as an HMAC, valid 5 minutes, one send per 60 s per phone, a daily cap,
 * and 5 wrong tries burn the code. Without SMS configuration the code goes to the server log
 * (development only; refused in production).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class SmsService {
  @InjectEntityModel(SmsCode)
  codes: Repository<SmsCode>;

  @Inject()
  client: SmsClient;

  @Inject()
  limits: RateLimitService;

  @Config('sms')
  policy: SmsPolicy;

  @Config('keys')
  keys: string;

  @Logger()
  logger: ILogger;

  async send(phone: unknown, ip: string): Promise<SmsSendResult> {
    if (!isMainlandMobile(phone)) throw invalidPhone();
    if (!this.client.configured && isProduction) {
      throw new AppError('SERVICE_UNAVAILABLE', '短信服务暂不可用，请使用其他方式登录');
    }
    await this.limits.enforce(`sms:ip:${ip}`, SENDS_PER_IP_PER_MINUTE, 60, '发送过于频繁，请稍后再试');

    const now = Date.now();
    const last = await this.codes.findOne({ where: { phone }, order: { id: 'DESC' } });
    if (last) {
      const wait = Math.ceil((last.createdAt.getTime() + this.policy.resendSeconds * 1000 - now) / 1000);
      if (wait > 0) {
        throw new AppError('RATE_LIMITED', `请 ${wait} 秒后再获取验证码`, { retryAfter: wait, details: { retryAfter: wait } });
      }
    }
    const dayStart = new Date(now - 24 * 3600 * 1000);
    const today = await this.codes.countBy({ phone, createdAt: MoreThanOrEqual(dayStart) });
    if (today >= this.policy.dailyCapPerPhone) {
      throw new AppError('RATE_LIMITED', '今日验证码发送次数已达上限，请明天再试', { retryAfter: 3600 });
    }

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    // only the newest code is valid
    await this.codes.update({ phone, state: 'open' }, { state: 'burned' });
    const row = await this.codes.save(
      this.codes.create({ phone, codeHash: this.hash(phone, code), expiresAt: new Date(now + this.policy.codeTtlSeconds * 1000), ip }),
    );
    if (this.client.configured) {
      try {
        await this.client.sendCode(phone, code);
      } catch (e) {
        await this.codes.update({ id: row.id }, { state: 'burned' });
        this.logger.warn('[sms] send to %s failed: %s', phone, (e as Error).message);
        throw new AppError('SMS_SEND_FAILED', '验证码发送失败，请稍后再试', { cause: e });
      }
    } else {
      this.logger.warn('[sms] SMS is not configured (development): login code for %s is %s', phone, code);
    }
    return { resendAfterSeconds: this.policy.resendSeconds, expiresInSeconds: this.policy.codeTtlSeconds };
  }

  /** Consumes the phone's current code if `code` matches it. Each code signs in at most once. */
  async verify(phone: unknown, code: unknown): Promise<string> {
    if (!isMainlandMobile(phone)) throw invalidPhone();
    const wrong = () => new AppError('SMS_CODE_INVALID', '验证码错误');
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) throw wrong();
    const row = await this.codes.findOne({ where: { phone, state: 'open' }, order: { id: 'DESC' } });
    if (!row) throw new AppError('SMS_CODE_INVALID', '验证码已失效，请重新获取');
    if (row.expiresAt.getTime() <= Date.now()) {
      await this.codes.update({ id: row.id, state: 'open' }, { state: 'burned' });
      throw new AppError('SMS_CODE_EXPIRED', '验证码已过期，请重新获取');
    }
    const expected = Buffer.from(row.codeHash, 'hex');
    const actual = Buffer.from(this.hash(phone, code), 'hex');
    if (!timingSafeEqual(expected, actual)) {
      // count the miss atomically; the 5th miss burns the code
      await this.codes.increment({ id: row.id, state: 'open' }, 'attempts', 1);
      const after = await this.codes.findOneBy({ id: row.id });
      if (after && after.attempts >= this.policy.maxAttempts) {
        await this.codes.update({ id: row.id, state: 'open' }, { state: 'burned' });
        throw new AppError('SMS_CODE_INVALID', '验证码错误次数过多，请重新获取');
      }
      throw wrong();
    }
    // guarded transition: two concurrent correct submissions sign in once
    const used = await this.codes.update({ id: row.id, state: 'open' }, { state: 'used' });
    if (used.affected !== 1) throw new AppError('SMS_CODE_INVALID', '验证码已失效，请重新获取');
    return phone;
  }

  private hash(phone: string, code: string): string {
    return createHmac('sha256', this.keys).update(`${phone}:${code}`).digest('hex');
  }
}
