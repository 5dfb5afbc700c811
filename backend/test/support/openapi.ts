import Ajv from 'ajv';
import { App, http } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Answer { status: number; body: unknown; headers: Record<string, string>; text?: string }

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

  /** Documented operations under these path prefixes (but not under `except`) that no check saw succeed. */
  unchecked(prefixes: string[], except: string[] = []): string[] {
    const ops = Object.entries<Json>(this.doc.paths).flatMap(([path, item]) => Object.keys(item).map(m => ({ op: `${m.toUpperCase()} ${path}`, path })));
    const under = (path: string, list: string[]) => list.some(p => path === p || path.startsWith(`${p}/`));
    return ops.filter(o => under(o.path, prefixes) && !under(o.path, except) && !this.succeeded.has(o.op)).map(o => o.op);
  }
}
