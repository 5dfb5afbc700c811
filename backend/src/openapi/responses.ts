/**
 * Success bodies of the main routes as OpenAPI schemas (components), checked against real responses in
 * test/openapi.responses.test.ts. Seed 001's are its contract (§2.1–2.3); the app's follow shared/.
 */
import { LegacyStatus } from '@app/shared';

type Schema = Record<string, unknown>;

const LEGACY_STATUSES: LegacyStatus[] = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'UNKNOWN'];

const str = { type: 'string' };
const strOrNull = { type: 'string', nullable: true };
const int = { type: 'integer' };
const appOk = (data: Schema, example: unknown): Schema => ({
  type: 'object',
  required: ['code', 'message', 'data', 'requestId'],
  properties: { code: { type: 'string', enum: ['OK'] }, message: str, data, requestId: str },
  example: { code: 'OK', message: 'ok', data: example, requestId: 'a1b2c3d4e5f6' },
});
const paged = (item: string): Schema => ({
  type: 'object',
  required: ['total', 'page', 'pageSize', 'items'],
  properties: { total: int, page: int, pageSize: int, items: { type: 'array', items: { $ref: `#/components/schemas/${item}` } } },
});

const STICKER_EXAMPLE = {
  jobId: 'job_0123456789abcdef01234567', kind: 'text', status: 'SUCCEEDED', legacyStatus: 'SUCCEEDED', prompt: '一只猫在跳舞',
  caption: null, captionStyle: { position: 'bottom', color: 'white' }, provider: 'dashscope', progress: 100,
  gifUrl: 'https://example.com/files/job.gif', mp4Url: null, thumbnailUrl: null, credits: 10, errorMessage: null,
  showcaseAllowed: true, typicalSeconds: null, createdAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:01:00.000Z',
};

export const RESPONSE_SCHEMAS: Record<string, Schema> = {
  Seed001UsersOk: {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: { type: 'integer', enum: [0] }, message: str },
    additionalProperties: false,
    example: { code: 0, message: 'Registration successful' },
  },
  Seed001LoginOk: {
    type: 'object',
    required: ['code', 'message', 'data'],
    properties: {
      code: { type: 'integer', enum: [0] },
      message: { type: 'string', enum: ['Login successful'] },
      data: { type: 'object', required: ['token'], properties: { token: str }, additionalProperties: false },
    },
    additionalProperties: false,
    example: { code: 0, message: 'Login successful', data: { token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' } },
  },
  Seed001CreateOk: {
    type: 'object',
    required: ['code', 'message', 'data'],
    properties: {
      code: { type: 'integer', enum: [200] },
      message: { type: 'string', enum: ['任务创建成功'] },
      data: { type: 'object', required: ['job_id'], properties: { job_id: { type: 'string', pattern: '^job_' } }, additionalProperties: false },
    },
    additionalProperties: false,
    example: { code: 200, message: '任务创建成功', data: { job_id: 'job_0123456789abcdef01234567' } },
  },
  Seed001QueryOk: {
    type: 'object',
    required: ['code', 'data'],
    properties: {
      code: { type: 'integer', enum: [200] },
      data: {
        type: 'object',
        required: ['job_id', 'status'],
        properties: {
          job_id: str,
          status: { type: 'string', enum: [...LEGACY_STATUSES] },
          video_url: { type: 'string', description: 'SUCCEEDED: the GIF' },
          error_message: { type: 'string', description: 'FAILED: why' },
          progress: { type: 'integer', description: '（新增）0–100' },
          credits: { type: 'integer', description: '（新增）' },
          thumbnail_url: { type: 'string', description: '（新增）' },
          mp4_url: { type: 'string', description: '（新增）' },
        },
      },
    },
    additionalProperties: false,
    example: { code: 200, data: { job_id: 'job_0123456789abcdef01234567', status: 'SUCCEEDED', video_url: 'https://example.com/files/job.gif' } },
  },
  Seed001QueryUnknown: {
    type: 'object',
    required: ['code', 'message', 'data'],
    properties: {
      code: { type: 'integer', enum: [500] },
      message: { type: 'string', enum: ['任务不存在'] },
      data: { type: 'object', required: ['job_id', 'status'], properties: { job_id: str, status: { type: 'string', enum: ['UNKNOWN'] } }, additionalProperties: false },
    },
    additionalProperties: false,
    example: { code: 500, message: '任务不存在', data: { job_id: 'job_invalid_id', status: 'UNKNOWN' } },
  },
  Me: {
    type: 'object',
    required: ['id', 'phone', 'credits', 'frozenCredits', 'role', 'createdAt'],
    properties: {
      id: int, phone: str, credits: int, frozenCredits: int, role: { type: 'string', enum: ['user', 'admin'] }, createdAt: str,
      hasPassword: { type: 'boolean' }, phoneVerified: { type: 'boolean' },
    },
  },
  StickerView: {
    type: 'object',
    required: ['jobId', 'kind', 'status', 'legacyStatus', 'prompt', 'caption', 'captionStyle', 'progress', 'gifUrl', 'credits', 'showcaseAllowed', 'createdAt'],
    properties: {
      jobId: str, kind: { type: 'string', enum: ['text', 'image', 'web_search'] }, status: str, legacyStatus: { type: 'string', enum: [...LEGACY_STATUSES] },
      prompt: str, caption: strOrNull, captionStyle: { type: 'object' }, provider: strOrNull, progress: int, gifUrl: strOrNull, mp4Url: strOrNull,
      thumbnailUrl: strOrNull, credits: int, errorMessage: strOrNull, showcaseAllowed: { type: 'boolean' },
      typicalSeconds: { type: 'number', nullable: true }, createdAt: str, finishedAt: strOrNull,
    },
    example: STICKER_EXAMPLE,
  },
  CreditSummary: {
    type: 'object',
    required: ['available', 'frozen', 'balance', 'totalEarned', 'totalSpent', 'soonestExpiry', 'soonestExpiryAmount'],
    properties: { available: int, frozen: int, balance: int, totalEarned: int, totalSpent: int, soonestExpiry: strOrNull, soonestExpiryAmount: int },
  },
};

RESPONSE_SCHEMAS.MeOk = appOk({ $ref: '#/components/schemas/Me' }, { id: 1, phone: '138****0000', credits: 30, frozenCredits: 0, role: 'user', createdAt: '2026-01-01T00:00:00.000Z' });
RESPONSE_SCHEMAS.StickerOk = appOk({ $ref: '#/components/schemas/StickerView' }, STICKER_EXAMPLE);
RESPONSE_SCHEMAS.StickerPageOk = appOk(paged('StickerView'), { total: 1, page: 1, pageSize: 20, items: [STICKER_EXAMPLE] });
RESPONSE_SCHEMAS.CreditSummaryOk = appOk({ $ref: '#/components/schemas/CreditSummary' }, { available: 30, frozen: 0, balance: 30, totalEarned: 30, totalSpent: 0, soonestExpiry: null, soonestExpiryAmount: 0 });

/** `@ApiResponse` of a route whose body is one of the schemas above. */
export const answers = (status: number, schema: keyof typeof RESPONSE_SCHEMAS | string, description = 'OK') => ({
  status,
  description,
  schema: { $ref: `#/components/schemas/${schema}` },
});
