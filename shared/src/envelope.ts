/**
 * The one envelope of the app's own endpoints (everything that is not seed 001's legacy contract).
 *
 * Success: `{ code: 'OK', message, data, requestId }`
 * Failure: `{ code: <ErrorCode>, message, requestId, details? }` with the matching HTTP status.
 */
export interface ApiOk<T> {
  code: 'OK';
  message: string;
  data: T;
  requestId: string;
}

export interface ApiFail {
  code: ErrorCode;
  message: string;
  requestId: string;
  details?: Record<string, unknown>;
}

export type ApiResponse<T> = ApiOk<T> | ApiFail;

/** Stable error codes. The HTTP status of each is in ERROR_STATUS. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_PHONE'
  | 'PASSWORD_TOO_SHORT'
  | 'PHONE_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'ACCOUNT_DISABLED'
  | 'ACCOUNT_BUSY'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SMS_CODE_INVALID'
  | 'SMS_CODE_EXPIRED'
  | 'SMS_SEND_FAILED'
  | 'WECHAT_LOGIN_FAILED'
  | 'INSUFFICIENT_CREDITS'
  | 'CONTENT_REJECTED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA'
  | 'IMAGE_INVALID'
  | 'IMAGE_TOO_SMALL'
  | 'CAPTION_TOO_LONG'
  | 'MEDIA_INVALID'
  | 'MEDIA_TOO_LARGE'
  | 'MEDIA_TIMEOUT'
  | 'GENERATION_FAILED'
  | 'GENERATION_TIMEOUT'
  | 'TASK_NOT_RETRYABLE'
  | 'TASK_NOT_DELETABLE'
  | 'TASK_NOT_CANCELLABLE'
  | 'CALLBACK_INVALID'
  | 'PROVIDER_ERROR'
  | 'PROVIDER_UNAVAILABLE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_PHONE: 400,
  PASSWORD_TOO_SHORT: 400,
  PHONE_TAKEN: 400,
  INVALID_CREDENTIALS: 401,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  ACCOUNT_BUSY: 409,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  SMS_CODE_INVALID: 400,
  SMS_CODE_EXPIRED: 400,
  SMS_SEND_FAILED: 502,
  WECHAT_LOGIN_FAILED: 400,
  INSUFFICIENT_CREDITS: 402,
  CONTENT_REJECTED: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 400,
  IMAGE_INVALID: 400,
  IMAGE_TOO_SMALL: 400,
  CAPTION_TOO_LONG: 400,
  MEDIA_INVALID: 422,
  MEDIA_TOO_LARGE: 422,
  MEDIA_TIMEOUT: 504,
  GENERATION_FAILED: 502,
  GENERATION_TIMEOUT: 504,
  TASK_NOT_RETRYABLE: 409,
  TASK_NOT_DELETABLE: 409,
  TASK_NOT_CANCELLABLE: 409,
  CALLBACK_INVALID: 401,
  PROVIDER_ERROR: 502,
  PROVIDER_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

/** Seed 001's legacy envelopes (users API and video API), kept to the letter. */
export interface LegacyUserResponse<T = undefined> {
  code: 0 | 1;
  message: string;
  data?: T;
}
