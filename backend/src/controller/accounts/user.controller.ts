import { Body, Controller, Del, Get, Inject, Post } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { ApiResponse } from '@midwayjs/swagger';
import { ChangePasswordResult } from '@app/shared';
import { Family } from '../../decorator/api-family.decorator';
import { AbuseLimitService } from '../../service/limits/abuse-limits.service';
import { AccountDeletionService } from '../../service/accounts/account-deletion.service';
import { UserService } from '../../service/accounts/user.service';
import { DeleteAccountDTO, NewPasswordDTO, PasswordWithProofDTO, PhonePasswordDTO } from '../../dto/accounts/user.dto';
import { ok } from '../../util/envelope';

/** seed 001 §2.1 — the users API, to the letter (multipart, urlencoded or JSON); its errors are `{code:1, message}`. */
@Controller('/api/v1/users')
export class UserController {
  @Inject()
  ctx: Context;

  @Inject()
  users: UserService;

  @Inject()
  abuse: AbuseLimitService;

  @Inject()
  deletion: AccountDeletionService;

  @Family('seed001-users')
  @ApiResponse(answers(200, 'Seed001UsersOk'))
  @Post('/register')
  async register(@Body() body: PhonePasswordDTO) {
    await this.abuse.authAttempt(this.ctx.ip);
    await this.users.register(body.phone, body.password);
    return { code: 0, message: 'Registration successful' };
  }

  @Family('seed001-users')
  @ApiResponse(answers(200, 'Seed001LoginOk'))
  @Post('/login')
  async login(@Body() body: PhonePasswordDTO) {
    await this.abuse.authAttempt(this.ctx.ip);
    const token = await this.users.login(body.phone, body.password, this.ctx.ip);
    return { code: 0, message: 'Login successful', data: { token } };
  }

  @Family('seed001-users')
  @ApiResponse(answers(200, 'Seed001UsersOk'))
  @Post('/change-password')
  async changePassword(@Body() body: NewPasswordDTO) {
    await this.users.changePassword(this.ctx.user!.id, body.newPassword);
    return { code: 0, message: 'Password changed successfully' };
  }

  /** App API: change the password with proof (current password or SMS code); answers a fresh token. */
  @ApiResponse(answers(200, 'PasswordChangedOk'))
  @Post('/password')
  async changePasswordWithProof(@Body() body: PasswordWithProofDTO) {
    const token = await this.users.changePasswordWithProof(this.ctx.user!.id, body.newPassword, {
      currentPassword: body.currentPassword || undefined,
      smsCode: body.smsCode || undefined,
    });
    const result: ChangePasswordResult = { token };
    return ok(this.ctx, result, '密码已修改');
  }

  /** App API: an SMS code to the signed-in account's own phone, for the password change. */
  @ApiResponse(answers(200, 'SmsSentOk'))
  @Post('/password/code')
  async sendPasswordCode() {
    return ok(this.ctx, await this.users.sendPasswordCode(this.ctx.user!.id, this.ctx.ip), '验证码已发送');
  }

  /** App envelope: the signed-in user's profile. */
  @ApiResponse(answers(200, 'MeOk'))
  @Get('/me')
  async me() {
    return ok(this.ctx, await this.users.me(this.ctx.user!.id));
  }

  /**
   * App envelope: 注销账号. The body must say `{ "confirm": "注销" }` so no stray request deletes an account.
   * Photos and stickers leave storage, personal data is erased, every token stops working; the ledger stays.
   */
  @ApiResponse(answers(200, 'AccountDeletedOk'))
  @Del('/me')
  async deleteMe(@Body() _confirmed: DeleteAccountDTO) {
    // the DTO refuses a body without confirm: 注销
    await this.deletion.deleteAccount(this.ctx.user!.id);
    return ok(this.ctx, null, '账号已注销');
  }
}
