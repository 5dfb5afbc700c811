/**
 * Success bodies of every documented route as OpenAPI schemas (components), one file per domain under schemas/,
 * and the `@ApiResponse` helpers the controllers use. test/openapi.test.ts fails when an operation declares no
 * success body; test/openapi/*.test.ts check real answers of every route family against these schemas.
 */
import { ACCOUNT_SCHEMAS } from './schemas/accounts';
import { ADMIN_SCHEMAS } from './schemas/admin';
import { ADMIN_TASK_SCHEMAS } from './schemas/admin-tasks';
import { Schema } from './schemas/common';
import { CREDIT_SCHEMAS } from './schemas/credits';
import { PACK_SCHEMAS } from './schemas/packs';
import { PAYMENT_SCHEMAS } from './schemas/payments';
import { SEED001_SCHEMAS } from './schemas/seed001';
import { SERVICE_SCHEMAS } from './schemas/service';
import { SHOWCASE_SCHEMAS } from './schemas/showcase';
import { STICKER_SCHEMAS } from './schemas/stickers';

const DOMAINS = [
  SEED001_SCHEMAS,
  ACCOUNT_SCHEMAS,
  STICKER_SCHEMAS,
  CREDIT_SCHEMAS,
  PACK_SCHEMAS,
  PAYMENT_SCHEMAS,
  SHOWCASE_SCHEMAS,
  ADMIN_SCHEMAS,
  ADMIN_TASK_SCHEMAS,
  SERVICE_SCHEMAS,
];

export const RESPONSE_SCHEMAS: Record<string, Schema> = {};
for (const domain of DOMAINS) {
  for (const [name, schema] of Object.entries(domain)) {
    if (RESPONSE_SCHEMAS[name]) throw new Error(`response schema ${name} is defined twice`);
    RESPONSE_SCHEMAS[name] = schema;
  }
}

/** `@ApiResponse` of a route whose JSON body is one of the schemas above. */
export const answers = (status: number, schema: string, description = 'OK') => {
  if (!RESPONSE_SCHEMAS[schema]) throw new Error(`no response schema ${schema}`);
  return { status, description, schema: { $ref: `#/components/schemas/${schema}` } };
};

/** `@ApiResponse` of a route that answers something other than JSON (a file, plain text). */
export const answersRaw = (status: number, contentType: string, schema: Schema, description: string) => ({
  status,
  description,
  content: { [contentType]: { schema } },
});

/** `@ApiResponse` of a route that answers JSON or text depending on the case (WeChat's message push). */
export const answersEither = (status: number, json: string, text: Schema, description: string) => ({
  status,
  description,
  content: { 'application/json': { schema: answers(status, json).schema }, 'text/plain': { schema: text } },
});
