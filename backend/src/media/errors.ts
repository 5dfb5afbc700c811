import type { ErrorCode } from '@app/shared';

/** The error codes the media layer raises; each exists in shared's ErrorCode. */
export type MediaErrorCode = Extract<
  ErrorCode,
  | 'MEDIA_INVALID'
  | 'MEDIA_TOO_LARGE'
  | 'MEDIA_TIMEOUT'
  | 'IMAGE_INVALID'
  | 'IMAGE_TOO_SMALL'
  | 'UNSUPPORTED_MEDIA'
  | 'PAYLOAD_TOO_LARGE'
  | 'CAPTION_TOO_LONG'
  | 'CAPTION_UNSUPPORTED'
>;

/**
 * HTTP status per code. Same figures as shared's ERROR_STATUS (a test checks it); kept here as a
 * type-only dependency so the media layer runs from backend/dist without shared being built.
 */
export const MEDIA_ERROR_STATUS: Record<MediaErrorCode, number> = {
  MEDIA_INVALID: 422,
  MEDIA_TOO_LARGE: 422,
  MEDIA_TIMEOUT: 504,
  IMAGE_INVALID: 400,
  IMAGE_TOO_SMALL: 400,
  UNSUPPORTED_MEDIA: 400,
  PAYLOAD_TOO_LARGE: 413,
  CAPTION_TOO_LONG: 400,
  CAPTION_UNSUPPORTED: 400,
};

/**
 * A media failure with a stable code, a user-facing Chinese message and the HTTP status.
 * `details.reason` tells cases of one code apart for logs and task records
 * (e.g. MEDIA_TOO_LARGE with reason 'resolution' or 'output_size').
 */
export class MediaError extends Error {
  readonly code: MediaErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: MediaErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message);
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
    this.name = 'MediaError';
    this.code = code;
    this.status = MEDIA_ERROR_STATUS[code];
    this.details = details;
  }
}

export const isMediaError = (e: unknown): e is MediaError => e instanceof MediaError;
