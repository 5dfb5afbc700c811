/** The service's own routes: the health check, this document, and WeChat's message push. */
import { int, obj, oneOfInts, oneOfStrings, Schema } from './common';

export const SERVICE_SCHEMAS: Record<string, Schema> = {
  HealthUp: {
    ...obj<{ status: 'ok'; db: 'up'; dbLatencyMs: number }>({ status: oneOfStrings(['ok']), db: oneOfStrings(['up']), dbLatencyMs: int }),
    example: { status: 'ok', db: 'up', dbLatencyMs: 1 },
  },
  HealthDown: {
    ...obj<{ status: 'error'; db: 'down' }>({ status: oneOfStrings(['error']), db: oneOfStrings(['down']) }),
    example: { status: 'error', db: 'down' },
  },
  OpenApiDocument: {
    type: 'object',
    description: 'This document (OpenAPI 3.0).',
    required: ['openapi', 'info', 'paths', 'components'],
    properties: { openapi: { type: 'string', pattern: '^3\\.0\\.' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } },
    example: { openapi: '3.0.3', info: { title: '表情工坊 API', version: '1.0.0' }, paths: {}, components: {} },
  },
  /** xpay events (virtual payment) answer WeChat with this JSON; every other event with the text `success` */
  WechatPushXpayAck: {
    ...obj<{ ErrCode: 0; ErrMsg: 'success' }>({ ErrCode: oneOfInts([0]), ErrMsg: oneOfStrings(['success']) }),
    example: { ErrCode: 0, ErrMsg: 'success' },
  },
};
