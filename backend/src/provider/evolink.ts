/**
 * evolink.ai unified video API (REFERENCE.md §2.1): create with a callback URL, query `GET /v1/tasks/{id}`.
 * Reads both the documented task shape (`results[]`, `error{code,message}`) and the older shape used by the
 * seed (`data.video_url`). Callbacks carry the query shape.
 */
import { HttpDeps, ProviderHttp, looksLikeModeration } from './http';
import { PayloadError, clip, isRecord, optNum, optRecord, optText, parsePayload, record, sizeShape, str } from './parse';
import { ProviderError, ProviderState, ProviderTaskStatus, VideoProvider, VideoRequest } from './provider';

export interface EvolinkOptions {
  apiKey: string;
  /** e.g. https://api.evolink.ai, or the simulator's `${url}/evolink` */
  baseUrl: string;
  simulated: boolean;
  /** seconds, sent as `duration` (sora-2: 10 or 15) */
  duration: number;
  /** aspect_ratio sent for square sizes and image-to-video (sora-2 has no 1:1) */
  squareAspectRatio: string;
}

const PROMPT_MAX = 1000;

const STATES: Record<string, ProviderState> = {
  pending: 'PENDING',
  queued: 'PENDING',
  processing: 'RUNNING',
  running: 'RUNNING',
  completed: 'SUCCEEDED',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  cancelled: 'FAILED',
  canceled: 'FAILED',
};

/** evolink's error body: `{error:{code, message, type}}` (code is an HTTP-like number or a string). */
export function readEvolinkError(body: unknown): { code?: string; message?: string } {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (!error) return {};
  const code = typeof error.code === 'string' || typeof error.code === 'number' ? String(error.code) : undefined;
  const type = typeof error.type === 'string' ? error.type : undefined;
  return { code: type ?? code, message: typeof error.message === 'string' ? error.message : undefined };
}

function firstResultUrl(results: unknown): string | undefined {
  if (!Array.isArray(results) || results.length === 0) return undefined;
  const first: unknown = results[0];
  if (typeof first === 'string') return first;
  if (isRecord(first)) return optText(first.url ?? first.video_url, 'results[0].url');
  return undefined;
}

/** Reads a task (create answer, query answer or callback body). */
export function parseEvolinkTask(body: unknown): ProviderTaskStatus {
  const root = record(body, 'body');
  // the seed's shape nests everything but the id under `data`; the documented one is flat
  const data = optRecord(root.data, 'data');
  const id = str(root.id ?? root.task_id ?? data?.id ?? data?.task_id, 'id');
  const statusText = str(root.status ?? data?.status, 'status').toLowerCase();
  const state = STATES[statusText];
  if (!state) throw new PayloadError(`unknown status "${statusText}"`);
  const status: ProviderTaskStatus = { providerTaskId: id, state, raw: body };
  const progress = optNum(root.progress ?? data?.progress, 'progress');
  if (progress !== undefined) status.progress = progress;
  if (state === 'SUCCEEDED') {
    status.videoUrl = str(firstResultUrl(root.results) ?? firstResultUrl(data?.results) ?? data?.video_url ?? root.video_url, 'results[0] / data.video_url');
  }
  if (state === 'FAILED') {
    const error = optRecord(root.error ?? data?.error, 'error');
    status.errorCode = optText(error?.code, 'error.code') ?? statusText;
    status.errorMessage = optText(error?.message, 'error.message') ?? `evolink task ${statusText}`;
    if (looksLikeModeration(status.errorCode, status.errorMessage)) status.contentRejected = true;
  }
  return status;
}

export class EvolinkProvider implements VideoProvider {
  readonly name = 'evolink' as const;
  readonly supportsCallback = true;
  readonly simulated: boolean;
  private readonly http: ProviderHttp;

  constructor(
    private readonly options: EvolinkOptions,
    deps: HttpDeps = {},
  ) {
    this.simulated = options.simulated;
    this.http = new ProviderHttp('evolink', deps);
  }

  async create(req: VideoRequest): Promise<ProviderTaskStatus> {
    if (req.mode === 'i2v' && !req.imageUrl) throw new ProviderError('evolink', 'rejected', 'image-to-video needs an image');
    const shape = req.mode === 'i2v' ? 'square' : sizeShape(req.size);
    const body: Record<string, unknown> = {
      model: req.model,
      prompt: clip(req.prompt, PROMPT_MAX),
      aspect_ratio: shape === 'landscape' ? '16:9' : shape === 'portrait' ? '9:16' : this.options.squareAspectRatio,
      duration: this.options.duration,
      remove_watermark: true,
    };
    if (req.mode === 'i2v') body.image_urls = [req.imageUrl];
    if (req.callbackUrl) body.callback_url = req.callbackUrl;
    const res = await this.http.request({
      method: 'POST',
      url: `${this.base()}/v1/videos/generations`,
      apiKey: this.options.apiKey,
      json: body,
      readError: readEvolinkError,
    });
    return parsePayload('evolink', 'retryable', 'create response', () => parseEvolinkTask(res.body));
  }

  async query(providerTaskId: string): Promise<ProviderTaskStatus> {
    const res = await this.http.request({
      method: 'GET',
      url: `${this.base()}/v1/tasks/${encodeURIComponent(providerTaskId)}`,
      apiKey: this.options.apiKey,
      accept: [404],
      readError: readEvolinkError,
    });
    if (res.status === 404) {
      const { code, message } = readEvolinkError(res.body);
      return { providerTaskId, state: 'UNKNOWN', errorCode: code ?? 'not_found', errorMessage: message ?? 'task not found or expired', raw: res.body };
    }
    return parsePayload('evolink', 'retryable', 'query response', () => parseEvolinkTask(res.body));
  }

  parseCallback(body: unknown): ProviderTaskStatus {
    return parsePayload('evolink', 'rejected', 'callback', () => parseEvolinkTask(body));
  }

  private base(): string {
    if (!this.options.baseUrl) throw new ProviderError('evolink', 'config', 'evolink has no base URL (simulator not started?)');
    return this.options.baseUrl.replace(/\/+$/, '');
  }
}
