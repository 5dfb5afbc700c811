/**
 * kie.ai market jobs API (REFERENCE.md §2.2): `POST /api/v1/jobs/createTask` with `callBackUrl`, query
 * `GET /api/v1/jobs/recordInfo?taskId=`. Answers are `{code, msg, data}`; kie reports errors in `code` as well
 * as in the HTTP status, so both are checked. `resultJson` is a JSON string (an object is accepted too).
 */
import { HttpDeps, ProviderHttp, errorForStatus, looksLikeModeration } from './http';
import { JsonRecord, PayloadError, isRecord, optNum, optRecord, optText, parsePayload, record, sizeShape, str } from './parse';
import { ProviderError, ProviderState, ProviderTaskStatus, VideoProvider, VideoRequest } from './provider';

export interface KieOptions {
  apiKey: string;
  /** e.g. https://api.kie.ai, or the simulator's `${url}/kie` */
  baseUrl: string;
  simulated: boolean;
  /** input.n_frames, a string ("10" | "15") */
  nFrames: string;
  /** input.aspect_ratio for square sizes and image-to-video ("landscape" | "portrait") */
  squareAspectRatio: string;
}

const STATES: Record<string, ProviderState> = {
  waiting: 'PENDING',
  queuing: 'PENDING',
  generating: 'RUNNING',
  success: 'SUCCEEDED',
  fail: 'FAILED',
};

/** kie's envelope `{code, msg}` as an error code/message. */
export function readKieError(body: unknown): { code?: string; message?: string } {
  if (!isRecord(body)) return {};
  const code = typeof body.code === 'number' || typeof body.code === 'string' ? String(body.code) : undefined;
  return { code, message: typeof body.msg === 'string' ? body.msg : typeof body.message === 'string' ? body.message : undefined };
}

function envelopeCode(root: JsonRecord): number | undefined {
  return optNum(root.code, 'code');
}

function resultUrl(resultJson: unknown): string | undefined {
  let parsed: unknown = resultJson;
  if (typeof resultJson === 'string') {
    try {
      parsed = JSON.parse(resultJson) as unknown;
    } catch {
      throw new PayloadError('resultJson is not JSON');
    }
  }
  const result = optRecord(parsed, 'resultJson');
  const urls = result?.resultUrls;
  if (!Array.isArray(urls)) return undefined;
  const first: unknown = urls[0];
  return typeof first === 'string' && first ? first : undefined;
}

/** Reads a task record (`data` of recordInfo or of a callback). */
export function parseKieRecord(data: JsonRecord, raw: unknown, envelope?: { code?: number; msg?: string }): ProviderTaskStatus {
  const id = str(optText(data.taskId, 'data.taskId'), 'data.taskId');
  const stateText = optText(data.state, 'data.state');
  let state: ProviderState | undefined = stateText ? STATES[stateText] : undefined;
  if (stateText && !state) throw new PayloadError(`unknown state "${stateText}"`);
  // a callback without a state: its code says how it ended
  if (!state) {
    if (envelope?.code === undefined) throw new PayloadError('data.state is missing');
    state = envelope.code === 200 ? 'SUCCEEDED' : 'FAILED';
  }
  const status: ProviderTaskStatus = { providerTaskId: id, state, raw };
  const progress = optNum(data.progress, 'data.progress');
  if (progress !== undefined) status.progress = progress;
  if (state === 'SUCCEEDED') status.videoUrl = str(resultUrl(data.resultJson), 'data.resultJson.resultUrls[0]');
  if (state === 'FAILED') {
    status.errorCode = optText(data.failCode, 'data.failCode') ?? (envelope?.code ? String(envelope.code) : 'fail');
    status.errorMessage = optText(data.failMsg, 'data.failMsg') ?? envelope?.msg ?? 'kie task failed';
    if (looksLikeModeration(status.errorCode, status.errorMessage)) status.contentRejected = true;
  }
  return status;
}

/** A callback body: `{code, msg, data:{taskId, state, resultJson, failCode, failMsg, …}}` (a bare data object is accepted). */
export function parseKieCallback(body: unknown): ProviderTaskStatus {
  const root = record(body, 'body');
  if (!isRecord(root.data)) return parseKieRecord(root, body);
  return parseKieRecord(root.data, body, { code: envelopeCode(root), msg: optText(root.msg, 'msg') });
}

export class KieProvider implements VideoProvider {
  readonly name = 'kie' as const;
  readonly supportsCallback = true;
  readonly simulated: boolean;
  private readonly http: ProviderHttp;

  constructor(
    private readonly options: KieOptions,
    deps: HttpDeps = {},
  ) {
    this.simulated = options.simulated;
    this.http = new ProviderHttp('kie', deps);
  }

  async create(req: VideoRequest): Promise<ProviderTaskStatus> {
    if (req.mode === 'i2v' && !req.imageUrl) throw new ProviderError('kie', 'rejected', 'image-to-video needs an image');
    const shape = req.mode === 'i2v' ? 'square' : sizeShape(req.size);
    const input: Record<string, unknown> = {
      prompt: req.prompt,
      aspect_ratio: shape === 'square' ? this.options.squareAspectRatio : shape,
      n_frames: this.options.nFrames,
      remove_watermark: true,
    };
    if (req.mode === 'i2v') input.image_urls = [req.imageUrl];
    const body: Record<string, unknown> = { model: req.model, input };
    if (req.callbackUrl) body.callBackUrl = req.callbackUrl;
    const res = await this.http.request({
      method: 'POST',
      url: `${this.base()}/api/v1/jobs/createTask`,
      apiKey: this.options.apiKey,
      json: body,
      readError: readKieError,
    });
    return parsePayload('kie', 'retryable', 'create response', () => {
      const root = this.checkEnvelope(res.body);
      const taskId = str(optText(record(root.data, 'data').taskId, 'data.taskId'), 'data.taskId');
      return { providerTaskId: taskId, state: 'PENDING', raw: res.body };
    });
  }

  async query(providerTaskId: string): Promise<ProviderTaskStatus> {
    const res = await this.http.request({
      method: 'GET',
      url: `${this.base()}/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(providerTaskId)}`,
      apiKey: this.options.apiKey,
      accept: [404],
      readError: readKieError,
    });
    return parsePayload('kie', 'retryable', 'query response', () => {
      const root = record(res.body, 'body');
      if (res.status === 404 || envelopeCode(root) === 404 || (envelopeCode(root) === 200 && root.data == null)) {
        const { code, message } = readKieError(root);
        return { providerTaskId, state: 'UNKNOWN', errorCode: code ?? '404', errorMessage: message ?? 'task not found', raw: res.body };
      }
      this.checkEnvelope(root);
      return parseKieRecord(record(root.data, 'data'), res.body);
    });
  }

  parseCallback(body: unknown): ProviderTaskStatus {
    return parsePayload('kie', 'rejected', 'callback', () => parseKieCallback(body));
  }

  /** kie answers HTTP 200 with `{code: 4xx/5xx, msg}` for many errors: map the code like an HTTP status. */
  private checkEnvelope(body: unknown): JsonRecord {
    const root = record(body, 'body');
    const code = envelopeCode(root);
    if (code === undefined) throw new PayloadError('code is missing');
    if (code !== 200) {
      const { message } = readKieError(root);
      // 455 is kie's "service unavailable / maintenance"
      throw errorForStatus('kie', code === 455 ? 503 : code, { code: String(code), message });
    }
    return root;
  }

  private base(): string {
    if (!this.options.baseUrl) throw new ProviderError('kie', 'config', 'kie has no base URL (simulator not started?)');
    return this.options.baseUrl.replace(/\/+$/, '');
  }
}
