/** seed 001's success bodies (its contract, §2.1–2.3): the users API and the video API, to the letter. */
import { LegacyStatus } from '@app/shared';
import { JOB_ID, keysOf, oneOfInts, oneOfStrings, Schema, str } from './common';

export const LEGACY_STATUSES = keysOf<LegacyStatus>({ PENDING: 1, RUNNING: 1, SUCCEEDED: 1, FAILED: 1, UNKNOWN: 1 });

export const SEED001_SCHEMAS: Record<string, Schema> = {
  Seed001UsersOk: {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: oneOfInts([0]), message: str },
    additionalProperties: false,
    example: { code: 0, message: 'Registration successful' },
  },
  Seed001LoginOk: {
    type: 'object',
    required: ['code', 'message', 'data'],
    properties: {
      code: oneOfInts([0]),
      message: oneOfStrings(['Login successful']),
      data: { type: 'object', required: ['token'], properties: { token: str }, additionalProperties: false },
    },
    additionalProperties: false,
    example: { code: 0, message: 'Login successful', data: { token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' } },
  },
  Seed001CreateOk: {
    type: 'object',
    required: ['code', 'message', 'data'],
    properties: {
      code: oneOfInts([200]),
      message: oneOfStrings(['任务创建成功']),
      data: { type: 'object', required: ['job_id'], properties: { job_id: { type: 'string', pattern: '^job_' } }, additionalProperties: false },
    },
    additionalProperties: false,
    example: { code: 200, message: '任务创建成功', data: { job_id: JOB_ID } },
  },
  Seed001QueryOk: {
    type: 'object',
    required: ['code', 'data'],
    properties: {
      code: oneOfInts([200]),
      data: {
        type: 'object',
        required: ['job_id', 'status'],
        properties: {
          job_id: str,
          status: oneOfStrings(LEGACY_STATUSES),
          video_url: { type: 'string', description: 'SUCCEEDED: the GIF' },
          error_message: { type: 'string', description: 'FAILED: why' },
          progress: { type: 'integer', description: '（新增）0–100' },
          credits: { type: 'integer', description: '（新增）' },
          thumbnail_url: { type: 'string', description: '（新增）' },
          mp4_url: { type: 'string', description: '（新增）' },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
    example: { code: 200, data: { job_id: JOB_ID, status: 'SUCCEEDED', video_url: 'https://example.com/files/job.gif' } },
  },
  Seed001QueryUnknown: {
    type: 'object',
    required: ['code', 'message', 'data'],
    properties: {
      code: oneOfInts([500]),
      message: oneOfStrings(['任务不存在']),
      data: { type: 'object', required: ['job_id', 'status'], properties: { job_id: str, status: oneOfStrings(['UNKNOWN']) }, additionalProperties: false },
    },
    additionalProperties: false,
    example: { code: 500, message: '任务不存在', data: { job_id: 'job_invalid_id', status: 'UNKNOWN' } },
  },
};
