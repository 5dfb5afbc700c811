import { MidwayWebRouterService } from '@midwayjs/core';
import Ajv from 'ajv';
import { existsSync } from 'fs';
import { join } from 'path';
import { openApiPath } from '../src/openapi/openapi.document';
import { App, http, startApp, stopApp } from './support/app';
import { familyOfPath, FAMILIES } from './support/openapi';

/**
 * Routes left out of the public document on purpose (each with `@ApiExcludeController`/`@ApiExcludeEndpoint` and a
 * reason here). Nothing else may be missing.
 */
const NOT_PUBLIC: string[] = [
  'GET /metrics', // operators' scrape endpoint: not part of the public API
];

/**
 * Routes whose success is not a JSON body, each with why. Every other documented operation must declare a JSON
 * success schema (a component with an example); these must declare their own content type.
 */
const NOT_JSON: Record<string, string> = {
  'GET /api/v1/packs/{packId}/zip': 'application/zip: the finished GIFs, streamed as a download',
  'GET /api/v1/packs/{packId}/export.zip': 'application/zip: the 表情开放平台 submission, streamed as a download',
  'GET /api/v1/wechat/push': "text/plain: WeChat's URL check expects its echostr back as it is",
  'POST /api/v1/wechat/push': 'text/plain `success`, which WeChat expects; JSON only for xpay events (declared too)',
};

/** Issue 11: the OpenAPI document at /openapi.json covers every registered route; Swagger UI at /docs works offline. */
describe('OpenAPI document and Swagger UI', () => {
  let app: App;
  let doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    app = await startApp();
    const res = await http(app).get('/openapi.json').expect(200);
    doc = res.body;
  });
  afterAll(() => stopApp(app));

  it('documents every route Midway registered, with its method', async () => {
    const routes = await (await app.getApplicationContext().getAsync(MidwayWebRouterService)).getFlattenRouterTable();
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes
      .map(r => `${String(r.requestMethod).toUpperCase()} ${openApiPath(String(r.fullUrl))}`)
      .filter(key => !NOT_PUBLIC.includes(key))
      .filter(key => {
        const [method, path] = key.split(' ') as [string, string];
        return !doc.paths[path]?.[method.toLowerCase()];
      });
    expect(missing).toEqual([]);
  });

  it('declares a success schema with an example for every operation (files and WeChat text answers aside)', () => {
    const problems: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      for (const [method, op] of Object.entries<Record<string, any>>(item)) {
        const key = `${method.toUpperCase()} ${path}`;
        const successes = Object.entries<Record<string, any>>(op.responses ?? {}).filter(([status]) => /^2/.test(status)); // eslint-disable-line @typescript-eslint/no-explicit-any
        const contents = successes.map(([, r]) => r.content ?? {});
        if (!contents.length || contents.some(c => !Object.keys(c).length)) problems.push(`${key}: a success without a body`);
        for (const content of contents) {
          const json = content['application/json'];
          if (!json) continue;
          const name = String(json.schema?.$ref ?? '').split('#/components/schemas/')[1];
          if (!name || !doc.components.schemas[name]) problems.push(`${key}: JSON success is not a schema component`);
          else if (doc.components.schemas[name].example === undefined) problems.push(`${key}: ${name} has no example`);
        }
        const hasJson = contents.some(c => c['application/json']);
        const hasOther = contents.some(c => Object.keys(c).some(t => t !== 'application/json'));
        if (NOT_JSON[key] ? !hasOther : !hasJson)
          problems.push(`${key}: ${NOT_JSON[key] ? 'listed as not JSON but declares no other type' : 'no JSON success schema'}`);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(NOT_JSON).every(key => doc.paths[key.split(' ')[1]!]?.[key.split(' ')[0]!.toLowerCase()])).toBe(true);
  });

  it('puts every documented route in a family whose test file checks its real answers', () => {
    expect(Object.keys(doc.paths).filter(path => !familyOfPath(path))).toEqual([]);
    for (const { file } of Object.values(FAMILIES)) expect(existsSync(join(__dirname, file))).toBe(true);
  });

  it('every schema example matches its own schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'openapi', components: doc.components });
    const wrong = Object.entries<Record<string, unknown>>(doc.components.schemas)
      .filter(([, schema]) => schema.example !== undefined)
      .map(([name, schema]) => {
        const validate = ajv.getSchema(`openapi#/components/schemas/${name}`)!;
        return validate(schema.example) ? null : { name, errors: validate.errors };
      })
      .filter(Boolean);
    expect(wrong).toEqual([]);
  });

  it('is OpenAPI 3 with the Bearer and admin security schemes and one error envelope per family', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.securitySchemes.admin).toMatchObject({ type: 'http', scheme: 'bearer' });
    const errorOf = (path: string, method: string) => doc.paths[path][method].responses['4XX'].content['application/json'].schema.$ref;
    expect(errorOf('/api/v1/video/create', 'post')).toBe('#/components/schemas/Seed001VideoError');
    expect(errorOf('/api/v1/video/query/{job_id}', 'get')).toBe('#/components/schemas/Seed001VideoError');
    expect(errorOf('/api/v1/users/register', 'post')).toBe('#/components/schemas/Seed001UsersError');
    expect(errorOf('/api/v1/users/me', 'get')).toBe('#/components/schemas/AppError');
    expect(doc.paths['/api/v1/users/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/users/login'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/admin/users'].get.security).toEqual([{ admin: [] }]);
    for (const name of ['AppError', 'Seed001UsersError', 'Seed001VideoError']) expect(doc.components.schemas[name].example).toBeDefined();
  });

  it("declares seed 001's form fields from the DTOs, as multipart/form-data as well as JSON", () => {
    const content = doc.paths['/api/v1/video/create'].post.requestBody.content;
    expect(Object.keys(content)).toEqual(expect.arrayContaining(['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded']));
    const ref: string = content['multipart/form-data'].schema.$ref;
    const dto = doc.components.schemas[ref.split('/').pop()!];
    expect(Object.keys(dto.properties)).toEqual(expect.arrayContaining(['type', 'prompt', 'negative_prompt', 'size', 'resolution', 'img_base64']));
    expect(dto.properties.type.enum).toEqual(['text_to_video', 'image_to_video']);
    expect(Object.keys(doc.paths['/api/v1/users/register'].post.requestBody.content)).toContain('multipart/form-data');
  });

  it('serves Swagger UI at /docs from local files only (no CDN)', async () => {
    const page = await http(app).get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const refs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map(m => m[1] as string);
    expect(refs.length).toBeGreaterThan(3);
    for (const ref of refs) {
      expect(ref).toMatch(/^\/docs\//);
      const asset = await http(app).get(ref);
      expect(asset.status).toBe(200);
    }
    const init = await http(app).get('/docs/swagger-initializer.js').expect(200);
    expect(init.text).toContain("url: '/openapi.json'");
    // only the listed files: nothing else of the package (or the disk) is reachable under /docs
    expect((await http(app).get('/docs/package.json')).status).not.toBe(200);
    expect((await http(app).get('/docs/..%2F..%2Fpackage.json')).status).not.toBe(200);
  });
});
