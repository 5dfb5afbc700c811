/**
 * Alibaba DashScope (百炼) async video synthesis: wanx2.1 text-to-video (parameters.size "W*H") and
 * wan2.2 image-to-video (parameters.resolution, input.img_url). No callbacks: the task is polled.
 * Protocol: REFERENCE.md §1.1–1.2.
 */
import { HttpDeps, ProviderHttp, looksLikeModeration } from './http';
import { PayloadError, clip, isRecord, optText, parsePayload, record, str } from './parse';
import { ProviderError, ProviderState, ProviderTaskStatus, VideoProvider, VideoRequest } from './provider';

export interface DashScopeOptions {
  apiKey: string;
  /** e.g. https://dashscope.aliyuncs.com, or the simulator's `${url}/dashscope` */
  baseUrl: string;
  simulated: boolean;
}

/** For stickers: 624*624 for t2v and 480P for i2v unless the request says otherwise (seed 001 appendix). */
export const DASHSCOPE_DEFAULT_SIZE = '624*624';
export const DASHSCOPE_DEFAULT_RESOLUTION = '480P';
const PROMPT_MAX = 800;
const NEGATIVE_MAX = 500;

const STATES: Record<string, ProviderState> = {
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELED: 'FAILED',
  UNKNOWN: 'UNKNOWN',
};

/** DashScope's error body: `{code, message, request_id}`. */
export function readDashScopeError(body: unknown): { code?: string; message?: string } {
  if (!isRecord(body)) return {};
  return {
    code: typeof body.code === 'string' ? body.code : undefined,
    message: typeof body.message === 'string' ? body.message : undefined,
  };
}

/** Reads `{output:{task_id, task_status, video_url?, code?, message?}}` (create and query answers). */
export function parseDashScopeTask(body: unknown): ProviderTaskStatus {
  const root = record(body, 'body');
  const output = record(root.output, 'output');
  const taskStatus = str(output.task_status, 'output.task_status');
  const state = STATES[taskStatus];
  if (!state) throw new PayloadError(`unknown task_status "${taskStatus}"`);
  const errorCode = optText(output.code, 'output.code') ?? (taskStatus === 'CANCELED' ? 'CANCELED' : undefined);
  const errorMessage = optText(output.message, 'output.message');
  const status: ProviderTaskStatus = { providerTaskId: str(output.task_id, 'output.task_id'), state, raw: body };
  if (state === 'SUCCEEDED') status.videoUrl = str(output.video_url, 'output.video_url');
  if (state === 'FAILED') {
    status.errorCode = errorCode ?? 'FAILED';
    status.errorMessage = errorMessage ?? `DashScope task ${taskStatus.toLowerCase()}`;
    if (looksLikeModeration(errorCode, errorMessage)) status.contentRejected = true;
  }
  return status;
}

export class DashScopeProvider implements VideoProvider {
  readonly name = 'dashscope' as const;
  readonly supportsCallback = false;
  readonly simulated: boolean;
  private readonly http: ProviderHttp;

  constructor(
    private readonly options: DashScopeOptions,
    deps: HttpDeps = {},
  ) {
    this.simulated = options.simulated;
    this.http = new ProviderHttp('dashscope', deps);
  }

  async create(req: VideoRequest): Promise<ProviderTaskStatus> {
    const input: Record<string, string> = { prompt: clip(req.prompt, PROMPT_MAX) };
    if (req.negativePrompt) input.negative_prompt = clip(req.negativePrompt, NEGATIVE_MAX);
    let parameters: Record<string, string>;
    if (req.mode === 'i2v') {
      if (!req.imageUrl) throw new ProviderError('dashscope', 'rejected', 'image-to-video needs an image');
      input.img_url = req.imageUrl;
      parameters = { resolution: req.resolution ?? DASHSCOPE_DEFAULT_RESOLUTION };
    } else {
      parameters = { size: req.size ?? DASHSCOPE_DEFAULT_SIZE };
    }
    const res = await this.http.request({
      method: 'POST',
      url: `${this.base()}/api/v1/services/aigc/video-generation/video-synthesis`,
      apiKey: this.options.apiKey,
      headers: { 'X-DashScope-Async': 'enable' },
      json: { model: req.model, input, parameters },
      readError: readDashScopeError,
    });
    return parsePayload('dashscope', 'retryable', 'create response', () => parseDashScopeTask(res.body));
  }

  async query(providerTaskId: string): Promise<ProviderTaskStatus> {
    const res = await this.http.request({
      method: 'GET',
      url: `${this.base()}/api/v1/tasks/${encodeURIComponent(providerTaskId)}`,
      apiKey: this.options.apiKey,
      readError: readDashScopeError,
    });
    return parsePayload('dashscope', 'retryable', 'query response', () => parseDashScopeTask(res.body));
  }

  parseCallback(): ProviderTaskStatus {
    throw new ProviderError('dashscope', 'rejected', 'DashScope video tasks do not deliver callbacks; poll with query()');
  }

  private base(): string {
    if (!this.options.baseUrl) throw new ProviderError('dashscope', 'config', 'DashScope has no base URL (simulator not started?)');
    return this.options.baseUrl.replace(/\/+$/, '');
  }
}
