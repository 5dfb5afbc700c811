import { MidwayError } from '@midwayjs/core';
import { ERROR_STATUS, ErrorCode } from '@app/shared';

export interface AppErrorOptions {
  /** overrides the status from ERROR_STATUS */
  status?: number;
  /** extra fields for the client (e.g. needed/available credits) */
  details?: Record<string, unknown>;
  /** message for seed 001's legacy endpoints, whose texts are a contract */
  legacyMessage?: string;
  /** seconds, sent as Retry-After */
  retryAfter?: number;
  cause?: unknown;
}

/**
 * The one domain error. Every error the API returns on purpose is one of these: a stable code,
 * a message for humans (Chinese, shown to users) and the HTTP status.
 */
export class AppError extends MidwayError {
  readonly errorCode: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  readonly legacyMessage?: string;
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, code, options.cause ? { cause: options.cause as Error } : undefined);
    this.name = 'AppError';
    this.errorCode = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.details = options.details;
    this.legacyMessage = options.legacyMessage;
    this.retryAfter = options.retryAfter;
  }
}

export const unauthorized = () => new AppError('UNAUTHORIZED', '登录已失效，请重新登录', { legacyMessage: 'Invalid or expired JWT' });

export const validation = (message: string, details?: Record<string, unknown>) => new AppError('VALIDATION_FAILED', message, { details });

export const notFound = (message = '资源不存在') => new AppError('NOT_FOUND', message);

/** seed 001's answer to a phone that is not an 11-digit mainland mobile number */
export const invalidPhone = () => new AppError('INVALID_PHONE', '请输入正确的手机号（11 位大陆手机号）', { legacyMessage: 'Invalid phone number format' });
