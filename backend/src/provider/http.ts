/**
 * The one HTTP helper every provider client uses: fetch with a timeout, JSON parsing, and the mapping of
 * failures to ProviderError kinds (see provider.ts for what each kind makes the pipeline do).
 */
import { timeProviderRequest } from '../metrics/metrics';
import { ProviderError, ProviderErrorKind, ProviderName } from './provider';

export type FetchFn = typeof fetch;
export type ProviderId = ProviderName | 'qwen';

export interface HttpDeps {
  /** injected in tests; the global fetch otherwise */
  fetch?: FetchFn;
  /** per request, default 30 s */
  timeoutMs?: number;
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  url: string;
  apiKey: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** statuses handed back to the caller instead of thrown (e.g. 404 on a query → UNKNOWN) */
  accept?: readonly number[];
  /** reads the provider's own error code and message from an error body */
  readError?: (body: unknown) => { code?: string; message?: string };
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

const MODERATION =
  /DataInspection|IPInfringement|inappropriate|moderation|content[ _.-]?policy|sensitive|violat|nsfw|unsafe|safety|flagged|审核|敏感|违规|违禁/i;
const RATE_LIMIT = /throttl|rate[ _.-]?limit|too many requests/i;

/** Whether a provider's error code or message says the content was refused by moderation. */
export function looksLikeModeration(...texts: Array<string | undefined>): boolean {
  return texts.some(t => !!t && MODERATION.test(t));
}

/** Retry-After as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Maps an HTTP status (or a status-like business code in the body, as kie.ai sends) to a ProviderError:
 * 5xx/408 → retryable, 429 → rate_limited, 401/402/403/404 → config, other 4xx → rejected
 * (contentRejected when the code or message reads like moderation).
 */
export function errorForStatus(
  provider: ProviderId,
  status: number,
  info: { code?: string; message?: string; retryAfterSeconds?: number } = {},
): ProviderError {
  const { code, retryAfterSeconds } = info;
  const message = `${provider} HTTP ${status}${code ? ` ${code}` : ''}${info.message ? `: ${info.message}` : ''}`;
  const details = { status, code, retryAfterSeconds };
  let kind: ProviderErrorKind;
  if (status === 429 || RATE_LIMIT.test(code ?? '')) kind = 'rate_limited';
  else if (status >= 500 || status === 408 || status < 400) kind = 'retryable';
  else if (looksLikeModeration(code, info.message)) {
    return new ProviderError(provider, 'rejected', message, { ...details, contentRejected: true });
  } else if (status === 401 || status === 402 || status === 403 || status === 404) kind = 'config';
  else kind = 'rejected';
  return new ProviderError(provider, kind, message, details);
}

export class ProviderHttp {
  private readonly fetchFn: FetchFn;
  private readonly timeoutMs: number;

  constructor(
    readonly provider: ProviderId,
    deps: HttpDeps = {},
  ) {
    this.fetchFn = deps.fetch ?? fetch;
    this.timeoutMs = deps.timeoutMs ?? 30000;
  }

  /** One provider request, timed and counted for /metrics (latency, errors by kind). */
  async request(req: JsonRequest): Promise<JsonResponse> {
    const done = timeProviderRequest(this.provider, req.method);
    const res = await this.send(req).catch((e: unknown) => {
      done(e instanceof ProviderError ? e.kind : 'unknown');
      throw e;
    });
    done();
    return res;
  }

  private async send(req: JsonRequest): Promise<JsonResponse> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${req.apiKey}`,
      Accept: 'application/json',
      ...req.headers,
    };
    if (req.json !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(req.url, {
        method: req.method,
        headers,
        body: req.json === undefined ? undefined : JSON.stringify(req.json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      // DOMException (timeouts) is not always an Error instance across realms: read its name
      const name = typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : '';
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const detail = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) + causeOf(e) : String(e);
      const why = timedOut ? `timeout after ${this.timeoutMs} ms` : `network error: ${detail}`;
      // unanswered: the provider may still have acted on it (a create may have started a task)
      throw new ProviderError(this.provider, 'retryable', `${this.provider} ${req.method} ${pathOf(req.url)}: ${why}`, { unanswered: true });
    }
    const body = parseJson(text);
    if (res.ok || req.accept?.includes(res.status)) {
      if (body === undefined) {
        throw new ProviderError(this.provider, 'retryable', `malformed response: ${this.provider} answered HTTP ${res.status} with non-JSON`, {
          status: res.status,
        });
      }
      return { status: res.status, body };
    }
    const info = body === undefined ? { message: text.slice(0, 200) || undefined } : (req.readError?.(body) ?? {});
    throw errorForStatus(this.provider, res.status, { ...info, retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')) });
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // not JSON: the caller reports it as malformed or uses the text as the message
  }
}

/** undici's "fetch failed" hides the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function causeOf(e: object): string {
  const cause = 'cause' in e ? e.cause : undefined;
  if (typeof cause !== 'object' || cause === null) return '';
  const code = 'code' in cause ? String(cause.code) : 'message' in cause ? String(cause.message) : '';
  return code ? ` (${code})` : '';
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
