/** Accounts: seed 001 §2.1 plus the app's SMS / WeChat logins. */

/** Mainland China mobile number: 11 digits starting 1[3-9]. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const PASSWORD_MIN_LENGTH = 8;
export const SMS_CODE_LENGTH = 6;
export const SMS_RESEND_SECONDS = 60;

export interface LoginResult {
  token: string;
  /** true when this login created the account (SMS / WeChat first use). */
  created?: boolean;
}

export interface SmsSendRequest {
  phone: string;
}
export interface SmsSendResult {
  resendAfterSeconds: number;
  expiresInSeconds: number;
}
export interface SmsLoginRequest {
  phone: string;
  code: string;
}
export interface WechatLoginRequest {
  phoneCode: string;
  loginCode?: string;
}

export interface MeResult {
  id: number;
  /** masked: 138****0000 */
  phone: string;
  credits: number;
  frozenCredits: number;
  role: 'user' | 'admin';
  createdAt: string;
  /** whether a password is set (else the password page asks for an SMS code) */
  hasPassword: boolean;
  /** false for accounts made by seed 001's register until an SMS or WeChat sign-in proves the phone */
  phoneVerified: boolean;
}

/**
 * POST /api/v1/users/password (app API): a new password, proven by the current password or by an SMS code sent
 * to the account's own phone (POST /api/v1/users/password/code). Answers a fresh token: earlier ones stop working.
 */
export interface ChangePasswordRequest {
  newPassword: string;
  currentPassword?: string;
  smsCode?: string;
}

export interface ChangePasswordResult {
  token: string;
}
