/**
 * Completes the document @midwayjs/swagger builds from the controllers and DTOs with what the running app knows
 * about each route: who may call it (the auth middleware's lists), which error envelope it answers (`@Family`),
 * and that seed 001's routes take multipart/form-data. One source for each fact, so the document cannot drift.
 */
import { RouterInfo } from '@midwayjs/core';
import { familyOf } from '../decorator/api-family.decorator';
import { routeAccess } from '../middleware/auth.middleware';
import { ENVELOPE_SCHEMAS, ERROR_SCHEMA_OF } from './envelopes';
import { RESPONSE_SCHEMAS } from './responses';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `/api/v1/video/query/:job_id` → `/api/v1/video/query/{job_id}` */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const FORMS = ['multipart/form-data', 'application/x-www-form-urlencoded'];

export function completeDocument(base: Json, routes: RouterInfo[]): Json {
  const doc: Json = JSON.parse(JSON.stringify(base));
  doc.openapi = '3.0.3';
  // `@Get('/')` on a controller comes out as `/prefix/`; the router (and clients) say `/prefix`
  const paths: Json = {};
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    const key = path.length > 1 ? path.replace(/\/+$/, '') : path;
    paths[key] = { ...(paths[key] ?? {}), ...item };
  }
  doc.paths = paths;
  doc.components = doc.components ?? {};
  doc.components.schemas = { ...ENVELOPE_SCHEMAS, ...RESPONSE_SCHEMAS, ...(doc.components.schemas ?? {}) };
  doc.components.securitySchemes = {
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'The token from POST /api/v1/users/login (or the SMS / WeChat sign-in): `Authorization: Bearer <jwt>`',
    },
    admin: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'A Bearer token of an account with the admin role (`npm run admin:create`); others get 403 FORBIDDEN',
    },
  };
  for (const route of routes) {
    const url = String(route.fullUrl ?? route.url);
    const op: Json | undefined = doc.paths?.[openApiPath(url)]?.[String(route.requestMethod).toLowerCase()];
    if (!op) continue;
    const family = familyOf(route);
    const error = {
      description: '错误（见各族的错误信封）',
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_OF[family]}` } } },
    };
    const access = routeAccess(url.replace(/:[A-Za-z0-9_]+/g, 'x'));
    op.responses = { ...(op.responses ?? {}), '4XX': error, '5XX': error };
    if (access !== 'public') {
      op.security = [{ [access === 'admin' ? 'admin' : 'bearer']: [] }];
      op.responses['401'] = { ...error, description: '未登录或登录已失效' };
    } else {
      op.security = [];
    }
    if (access === 'admin') op.responses['403'] = { ...error, description: '需要管理员权限' };
    // every body parser takes JSON, urlencoded and multipart alike; seed 001's clients send multipart
    const json = op.requestBody?.content?.['application/json'];
    if (json && family !== 'app') {
      for (const type of FORMS) op.requestBody.content[type] = op.requestBody.content[type] ?? json;
    }
  }
  return doc;
}
