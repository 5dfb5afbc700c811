import { Body, Controller, ILogger, Inject, Logger, Post } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { LoginResult } from '@app/shared';
import { WechatClient } from '../../client/wechat.client';
import { AppError } from '../../error/app.error';
import { AbuseLimitService } from '../../service/limits/abuse-limits.service';
import { SmsService } from '../../service/accounts/sms.service';
import { UserService } from '../../service/accounts/user.service';
import { SmsLoginDTO, SmsSendDTO, WechatLoginDTO } from '../../dto/accounts/user.dto';
import { ok } from '../../util/envelope';
import { isMainlandMobile } from '../../util/phone';

/** The mini-program's ways in: SMS code and WeChat one-tap phone number. App envelope. */
@Controller('/api/v1/auth')
export class AuthController {
  @Inject()
  ctx: Context;

  @Inject()
  sms: SmsService;

  @Inject()
  users: UserService;

  @Inject()
  wechat: WechatClient;

  @Inject()
  abuse: AbuseLimitService;

  @Logger()
  logger: ILogger;

  @ApiResponse(answers(200, 'SmsSentOk'))
  @Post('/sms/send')
  async sendSms(@Body() body: SmsSendDTO) {
    return ok(this.ctx, await this.sms.send(body.phone, this.ctx.ip), '验证码已发送');
  }

  @ApiResponse(answers(200, 'LoginOk'))
  @Post('/sms/login')
  async smsLogin(@Body() body: SmsLoginDTO) {
    await this.abuse.authAttempt(this.ctx.ip);
    const phone = await this.sms.verify(body.phone, body.code);
    const result: LoginResult = await this.users.signInVerifiedPhone(phone);
    return ok(this.ctx, result, '登录成功');
  }

  @ApiResponse(answers(200, 'LoginOk'))
  @Post('/wechat/login')
  async wechatLogin(@Body() body: WechatLoginDTO) {
    await this.abuse.authAttempt(this.ctx.ip);
    if (!this.wechat.configured) throw new AppError('SERVICE_UNAVAILABLE', '微信登录暂未开通，请使用手机号登录');
    const { phoneCode, loginCode } = body;
    let phone: string;
    let openid: string | undefined;
    try {
      const info = await this.wechat.phoneNumber(phoneCode);
      phone = info.phone;
      if (loginCode && loginCode.length <= 256) openid = (await this.wechat.code2Session(loginCode)).openid;
      if (info.countryCode && info.countryCode !== '86') throw new Error(`country code ${info.countryCode}`);
    } catch (e) {
      this.logger.warn('[wechat] login failed: %s', (e as Error).message);
      throw new AppError('WECHAT_LOGIN_FAILED', '微信授权失败，请重试或使用短信登录', { cause: e });
    }
    if (!isMainlandMobile(phone)) throw new AppError('WECHAT_LOGIN_FAILED', '暂只支持中国大陆手机号');
    const result: LoginResult = await this.users.signInVerifiedPhone(phone, openid);
    return ok(this.ctx, result, '登录成功');
  }
}
