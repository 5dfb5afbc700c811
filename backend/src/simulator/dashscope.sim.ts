/**
 * DashScope's video-synthesis protocol (REFERENCE.md §1.1–1.2) under `/dashscope`: create
 * `POST /api/v1/services/aigc/video-generation/video-synthesis` (Bearer + X-DashScope-Async: enable), query
 * `GET /api/v1/tasks/{id}`. Errors are `{code, message, request_id}` with the real statuses.
 */
import * as crypto from 'crypto';
import { SimRequest, SimResponse, hasBearer, isObject, json, text } from './sim-http';
import { SimTask, TaskStore, readMarkers } from './task-store';

/** wanx2.1-t2v sizes (REFERENCE.md §1.4) */
const T2V_SIZES = ['832*480', '480*832', '624*624', '1280*720', '720*1280', '960*960', '1088*832', '832*1088'];
const RESOLUTIONS = ['480P', '720P', '1080P'];

const requestId = () => crypto.randomUUID();
const error = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  json(status, { code, message, request_id: requestId() }, headers);

/** Answers for `[sim:429]` / `[sim:500]` in a create body, shared with the Qwen route. */
export function dashscopeForcedError(body: string): SimResponse | undefined {
  const m = readMarkers(body);
  if (m.http429) return error(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.', { 'Retry-After': '1' });
  if (m.http500) return error(500, 'InternalError', 'An internal error has occured, please try again later.');
  return undefined;
}

export function dashscopeAuthError(req: SimRequest): SimResponse | undefined {
  return hasBearer(req) ? undefined : error(401, 'InvalidApiKey', 'Invalid API-key provided.');
}

function create(req: SimRequest, store: TaskStore): SimResponse {
  if (req.headers['x-dashscope-async'] !== 'enable') {
    return error(403, 'AccessDenied', 'current user api does not support synchronous calls');
  }
  const body = req.body;
  if (!isObject(body)) return error(400, 'InvalidParameter', 'The request body is not valid JSON.');
  const forced = dashscopeForcedError(req.text);
  if (forced) return forced;
  const model = text(body.model);
  if (!model) return error(400, 'InvalidParameter', 'Model not specified.');
  const input = isObject(body.input) ? body.input : {};
  const parameters = isObject(body.parameters) ? body.parameters : {};
  const imageUrl = text(input.img_url);
  const mode = imageUrl || /i2v/.test(model) ? 'i2v' : 't2v';
  const prompt = text(input.prompt) ?? '';
  let size: { width: number; height: number } | undefined;
  let resolution: string | undefined;
  if (mode === 'i2v') {
    if (!imageUrl) return error(400, 'InvalidParameter', 'Field required: input.img_url');
    resolution = text(parameters.resolution) ?? '720P';
    if (!RESOLUTIONS.includes(resolution)) return error(400, 'InvalidParameter', `The resolution ${resolution} is invalid.`);
  } else {
    if (!prompt) return error(400, 'InvalidParameter', 'Field required: input.prompt');
    const sizeText = text(parameters.size) ?? '1280*720';
    if (!T2V_SIZES.includes(sizeText)) return error(400, 'InvalidParameter', `The size ${sizeText} is not supported.`);
    const [w, h] = sizeText.split('*').map(Number);
    size = { width: w ?? 1280, height: h ?? 720 };
  }
  const task = store.add({ provider: 'dashscope', model, mode, prompt, ...size, resolution, imageUrl, request: body });
  return json(200, { request_id: requestId(), output: { task_id: task.id, task_status: 'PENDING' } });
}

function time(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function query(id: string, store: TaskStore): SimResponse {
  const task = store.get(id);
  if (!task) return json(200, { request_id: requestId(), output: { task_id: id, task_status: 'UNKNOWN' } });
  return json(200, dashscopeTaskBody(task, store));
}

export function dashscopeTaskBody(task: SimTask, store: TaskStore): Record<string, unknown> {
  const phase = store.phase(task);
  const output: Record<string, unknown> = {
    task_id: task.id,
    task_status: phase,
    submit_time: time(task.createdAt),
  };
  if (phase !== 'PENDING') output.scheduled_time = time(task.createdAt + 50);
  const body: Record<string, unknown> = { request_id: requestId(), output };
  if (task.result) output.end_time = time(task.result.at);
  if (phase === 'SUCCEEDED') {
    output.video_url = task.result?.videoUrl;
    output.orig_prompt = task.prompt;
    output.actual_prompt = task.prompt;
    body.usage = { video_duration: 5, video_ratio: task.width && task.height ? `${task.width}*${task.height}` : task.resolution, video_count: 1 };
  }
  if (phase === 'FAILED') {
    if (task.outcome === 'reject') {
      output.code = 'DataInspectionFailed';
      output.message = 'Input data may contain inappropriate content.';
    } else {
      output.code = 'InternalError.Algo';
      output.message = `Video generation failed (simulated)${task.result?.detail ? `: ${task.result.detail}` : ''}`;
    }
  }
  return body;
}

export function handleDashScope(req: SimRequest, store: TaskStore): SimResponse | undefined {
  if (req.method === 'POST' && req.path === '/api/v1/services/aigc/video-generation/video-synthesis') {
    return dashscopeAuthError(req) ?? create(req, store);
  }
  const m = /^\/api\/v1\/tasks\/([^/]+)$/.exec(req.path);
  if (req.method === 'GET' && m?.[1]) return dashscopeAuthError(req) ?? query(decodeURIComponent(m[1]), store);
  return undefined;
}
