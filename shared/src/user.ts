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

export interface SmsSendRequest { phone: string }
export interface SmsSendResult { resendAfterSeconds: number; expiresInSeconds: number }
export interface SmsLoginRequest { phone: string; code: string }
export interface WechatLoginRequest { phoneCode: string; loginCode?: string }

export interface MeResult {
  id: number;
  /** masked: 138****0000 */
  phone: string;
  credits: number;
  frozenCredits: number;
  role: 'user' | 'admin';
  createdAt: string;
}
