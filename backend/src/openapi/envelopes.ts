/**
 * The error envelopes of each API family as OpenAPI schemas (components), with examples. One per `ApiFamily`
 * (decorator/api-family.decorator.ts); the error filter is what produces them.
 */
import { ERROR_STATUS } from '@app/shared';
import { ApiFamily } from '../decorator/api-family.decorator';

type Schema = Record<string, unknown>;

const ERROR_CODES = Object.keys(ERROR_STATUS);

export const ENVELOPE_SCHEMAS: Record<string, Schema> = {
  AppError: {
    type: 'object',
    description: 'The app envelope for a failure (shared/src/envelope.ts ApiFail); the HTTP status matches the code.',
    required: ['code', 'message', 'requestId'],
    properties: {
      code: { type: 'string', enum: ERROR_CODES, description: 'stable error code' },
      message: { type: 'string', description: 'for users (Chinese)' },
      requestId: { type: 'string', description: 'also sent as X-Request-Id' },
      details: { type: 'object', additionalProperties: true },
    },
    example: { code: 'UNAUTHORIZED', message: '登录已失效，请重新登录', requestId: 'a1b2c3d4e5f6' },
  },
  AppOk: {
    type: 'object',
    description: "The app envelope for a success (shared/src/envelope.ts ApiOk); `data` is the route's payload.",
    required: ['code', 'message', 'data', 'requestId'],
    properties: {
      code: { type: 'string', enum: ['OK'] },
      message: { type: 'string' },
      data: {},
      requestId: { type: 'string' },
    },
    example: { code: 'OK', message: 'ok', data: {}, requestId: 'a1b2c3d4e5f6' },
  },
  Seed001UsersError: {
    type: 'object',
    description: "seed 001 §2.1: a failure of the users API, with the contract's English texts.",
    required: ['code', 'message'],
    properties: { code: { type: 'integer', enum: [1] }, message: { type: 'string' } },
    additionalProperties: false,
    example: { code: 1, message: 'Invalid or expired JWT' },
  },
  Seed001VideoError: {
    type: 'object',
    description: 'seed 001 §2.2: a failure of the video API (`error`, plus the stable code).',
    required: ['error', 'code'],
    properties: { error: { type: 'string' }, code: { type: 'string', enum: ERROR_CODES } },
    additionalProperties: false,
    example: { error: 'type 必须为 text_to_video 或 image_to_video', code: 'VALIDATION_FAILED' },
  },
};

export const ERROR_SCHEMA_OF: Record<ApiFamily, string> = {
  app: 'AppError',
  'seed001-users': 'Seed001UsersError',
  'seed001-video': 'Seed001VideoError',
};
