/** The app's account API: the profile, SMS and WeChat sign-in, password change with proof, account deletion. */
import type { ChangePasswordResult, LoginResult, MeResult, SmsSendResult } from '@app/shared';
import { appOk, bool, int, keysOf, obj, oneOfStrings, ref, Schema, str, T0, time } from './common';

type Role = MeResult['role'];
export const role = oneOfStrings(keysOf<Role>({ user: 1, admin: 1 }));

const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...';
const ME_EXAMPLE: MeResult = {
  id: 1,
  phone: '138****0000',
  credits: 100,
  frozenCredits: 0,
  role: 'user',
  createdAt: T0,
  hasPassword: true,
  phoneVerified: true,
};
const LOGIN_EXAMPLE: Required<LoginResult> = { token: TOKEN, created: false };
const SMS_EXAMPLE: SmsSendResult = { resendAfterSeconds: 60, expiresInSeconds: 300 };
const PASSWORD_EXAMPLE: ChangePasswordResult = { token: TOKEN };

export const ACCOUNT_SCHEMAS: Record<string, Schema> = {
  Me: {
    ...obj<MeResult>({ id: int, phone: str, credits: int, frozenCredits: int, role, createdAt: time, hasPassword: bool, phoneVerified: bool }),
    example: ME_EXAMPLE,
  },
  MeOk: appOk(ref('Me'), ME_EXAMPLE),
  // SMS and WeChat sign-in always say whether the account was made by this login
  LoginOk: appOk(obj<LoginResult>({ token: str, created: bool }), LOGIN_EXAMPLE, '登录成功'),
  SmsSentOk: appOk(obj<SmsSendResult>({ resendAfterSeconds: int, expiresInSeconds: int }), SMS_EXAMPLE, '验证码已发送'),
  PasswordChangedOk: appOk(obj<ChangePasswordResult>({ token: str }), PASSWORD_EXAMPLE, '密码已修改'),
  AccountDeletedOk: appOk({ type: 'object', nullable: true, enum: [null], description: 'always null' }, null, '账号已注销'),
};
