/** node:http plumbing shared by the simulator's provider routes. */
import * as http from 'http';

export interface RecordedRequest {
  method: string;
  /** path and query, e.g. /kie/api/v1/jobs/recordInfo?taskId=… */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** parsed JSON, or the raw text when it is not JSON, or undefined when empty */
  body: unknown;
  at: number;
}

/** What a route sees of a request. */
export interface SimRequest {
  method: string;
  /** the path below the provider prefix, without the query */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** the raw body, for marker checks */
  text: string;
}

export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY = 25 * 1024 * 1024;

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** JSON when it parses, the text otherwise (routes answer "invalid JSON" themselves). */
export function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // not JSON: kept as text so the route can refuse it the provider's way
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return { status, body, headers };
}

export function send(res: http.ServerResponse, out: SimResponse): void {
  const payload = JSON.stringify(out.body);
  res.writeHead(out.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...out.headers,
  });
  res.end(payload);
}

/** A non-empty `Authorization: Bearer …` header (the simulator accepts any key). */
export function hasBearer(req: SimRequest): boolean {
  const auth = req.headers.authorization;
  return typeof auth === 'string' && /^Bearer\s+\S+/i.test(auth);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
