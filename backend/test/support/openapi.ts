import Ajv from 'ajv';
import { App, http } from './app';

/**
 * The route families whose real answers are checked, each by one test file that drives every route of the family
 * at least once to a success (`OpenApiChecker.unchecked`); test/openapi.test.ts requires every documented route
 * to belong to one.
 */
export const FAMILIES: Record<string, { file: string; prefixes: string[]; except?: string[] }> = {
  seed001: { file: 'openapi.responses.test.ts', prefixes: ['/api/v1/video', '/api/v1/users/register', '/api/v1/users/login', '/api/v1/users/change-password'] },
  accounts: {
    file: 'openapi/accounts.test.ts',
    prefixes: ['/api/v1/auth', '/api/v1/users'],
    except: ['/api/v1/users/register', '/api/v1/users/login', '/api/v1/users/change-password'],
  },
  stickers: { file: 'openapi/stickers.test.ts', prefixes: ['/api/v1/stickers', '/api/v1/upload', '/api/v1/callbacks', '/api/v1/credits', '/api/v1/meta'] },
  packs: { file: 'openapi/packs.test.ts', prefixes: ['/api/v1/packs'] },
  payments: { file: 'openapi/payments.test.ts', prefixes: ['/api/v1/orders', '/api/v1/payments', '/api/v1/admin/orders'] },
  admin: { file: 'openapi/admin.test.ts', prefixes: ['/api/v1/admin', '/api/v1/showcase', '/api/v1/templates'], except: ['/api/v1/admin/orders'] },
  service: { file: 'openapi/service.test.ts', prefixes: ['/healthz', '/openapi.json', '/api/v1/wechat'] },
};

/** `path` is one of the prefixes or under one */
export const under = (path: string, prefixes: string[]) => prefixes.some(p => path === p || path.startsWith(`${p}/`));

/** The family a documented path belongs to. */
export const familyOfPath = (path: string) =>
  Object.keys(FAMILIES).find(name => under(path, FAMILIES[name]!.prefixes) && !under(path, FAMILIES[name]!.except ?? []));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  text?: string;
}

/**
 * Checks real answers against the schemas /openapi.json declares for them (issue 11), and remembers which
 * operations answered a success, so a test file can require that every route of its family was checked.
 */
export class OpenApiChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly succeeded = new Set<string>();

  private constructor(readonly doc: Json) {
    this.ajv.addSchema({ $id: 'openapi', components: doc.components });
  }

  static async load(app: App): Promise<OpenApiChecker> {
    return new OpenApiChecker((await http(app).get('/openapi.json').expect(200)).body);
  }

  /**
   * The answer matches the schema declared for its status (else its 4XX/5XX range) and its content type;
   * `path` is the documented template (`/api/v1/stickers/{jobId}`). Returns the answer for chaining.
   */
  conforms<T extends Answer>(res: T, method: string, path: string): T {
    const responses = this.doc.paths[path]?.[method.toLowerCase()]?.responses;
    expect([method, path, responses ? 'documented' : 'missing']).toEqual([method, path, 'documented']);
    const declared = responses[String(res.status)] ?? responses[`${String(res.status)[0]}XX`];
    expect([method, path, res.status, declared ? 'declared' : 'undeclared']).toEqual([method, path, res.status, 'declared']);
    if (declared.content) {
      const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
      const media = declared.content[type];
      expect([method, path, res.status, type, media ? 'declared' : Object.keys(declared.content)]).toEqual([method, path, res.status, type, 'declared']);
      if (type === 'application/json') this.matches(media.schema, res.body, `${method} ${path} ${res.status}`);
      else if (type === 'text/plain') this.matches(media.schema, res.text, `${method} ${path} ${res.status}`);
    }
    if (res.status < 400) this.succeeded.add(`${method.toUpperCase()} ${path}`);
    return res;
  }

  /** The value matches the schema (a `$ref` into the document's components, or an inline schema). */
  matches(schema: Json, value: unknown, what: string) {
    const validate = schema.$ref ? this.ajv.getSchema(`openapi${schema.$ref}`)! : this.ajv.compile(schema);
    const valid = validate(value);
    expect([what, valid ? [] : validate.errors, valid ? null : value]).toEqual([what, [], null]);
  }

  /** Documented operations of this family (FAMILIES) that no check saw succeed. */
  unchecked(family: keyof typeof FAMILIES): string[] {
    const ops = Object.entries<Json>(this.doc.paths).flatMap(([path, item]) => Object.keys(item).map(m => ({ op: `${m.toUpperCase()} ${path}`, path })));
    return ops.filter(o => familyOfPath(o.path) === family && !this.succeeded.has(o.op)).map(o => o.op);
  }
}
