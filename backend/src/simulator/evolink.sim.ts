/**
 * evolink.ai's protocol (REFERENCE.md §2.1) under `/evolink`: create `POST /v1/videos/generations`, query
 * `GET /v1/tasks/{id}` (also the seed's `GET /v1/videos/generations/{id}`). Errors are
 * `{error:{code, message, type}}`. Callbacks carry the query body. `[sim:alt]` answers in the seed's shape
 * (`data.video_url` instead of `results[]`).
 */
import { SimRequest, SimResponse, hasBearer, isObject, json, text } from './sim-http';
import { SimTask, TaskStore, readMarkers } from './task-store';

const error = (status: number, type: string, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
  json(status, { error: { code: status, message, type, ...extra } }, headers);

function create(req: SimRequest, store: TaskStore): SimResponse {
  const body = req.body;
  if (!isObject(body)) return error(400, 'invalid_request_error', 'Invalid JSON body');
  const m = readMarkers(req.text);
  if (m.http429) return error(429, 'rate_limit_error', 'Rate limit exceeded', { fallback_suggestion: 'retry after 1 seconds' }, { 'Retry-After': '1' });
  if (m.http500) return error(500, 'internal_server_error', 'Internal server error', { fallback_suggestion: 'try again later' });
  const model = text(body.model);
  if (!model) return error(400, 'invalid_request_error', 'model is required', { param: 'model' });
  const prompt = text(body.prompt);
  if (!prompt) return error(400, 'invalid_request_error', 'prompt is required', { param: 'prompt' });
  const images = Array.isArray(body.image_urls) ? body.image_urls.filter((u): u is string => typeof u === 'string') : [];
  if (images.length > 1) return error(400, 'invalid_request_error', 'image_urls accepts 1 image', { param: 'image_urls' });
  const callbackUrl = text(body.callback_url);
  if (callbackUrl && !/^https?:\/\//.test(callbackUrl)) return error(400, 'invalid_request_error', 'callback_url must be a URL', { param: 'callback_url' });
  const [w, h] = aspectSize(text(body.aspect_ratio));
  const task = store.add({
    provider: 'evolink',
    model,
    mode: images[0] ? 'i2v' : 't2v',
    prompt,
    width: w,
    height: h,
    resolution: '720P',
    imageUrl: images[0],
    callbackUrl,
    request: body,
  });
  return json(200, {
    created: Math.floor(task.createdAt / 1000),
    id: task.id,
    model,
    object: 'video.generation.task',
    progress: 0,
    status: 'pending',
    task_info: { can_cancel: true, estimated_time: 300 },
    type: 'video',
    usage: { billing_rule: 'per_call', credits_reserved: 7, user_group: 'default' },
  });
}

function aspectSize(aspect: string | undefined): [number, number] {
  if (aspect === '16:9') return [1280, 720];
  if (aspect === '9:16') return [720, 1280];
  return [960, 960];
}

const STATUS = { PENDING: 'pending', RUNNING: 'processing', SUCCEEDED: 'completed', FAILED: 'failed', UNKNOWN: 'processing' } as const;

/** The query answer, which is also the callback body. */
export function evolinkTaskBody(task: SimTask, store: TaskStore): Record<string, unknown> {
  const phase = store.phase(task);
  const body: Record<string, unknown> = {
    created: Math.floor(task.createdAt / 1000),
    id: task.id,
    model: task.model,
    object: 'video.generation.task',
    progress: store.progress(task),
    status: STATUS[phase],
    task_info: { can_cancel: !task.result },
    type: 'video',
  };
  if (phase === 'SUCCEEDED') {
    if (task.markers.alt) body.data = { video_url: task.result?.videoUrl };
    else body.results = [task.result?.videoUrl];
  }
  if (phase === 'FAILED') {
    body.error =
      task.outcome === 'reject'
        ? { code: 'content_policy_violation', message: 'The request was rejected by content moderation: sensitive content detected.' }
        : { code: 'generation_failed', message: `Video generation failed (simulated)${task.result?.detail ? `: ${task.result.detail}` : ''}` };
  }
  return body;
}

function query(id: string, store: TaskStore): SimResponse {
  const task = store.get(id);
  if (!task) return error(404, 'not_found_error', 'Task not found or expired', { param: 'task_id' });
  return json(200, evolinkTaskBody(task, store));
}

export function handleEvolink(req: SimRequest, store: TaskStore): SimResponse | undefined {
  const isCreate = req.method === 'POST' && req.path === '/v1/videos/generations';
  const m = /^\/v1\/(?:tasks|videos\/generations)\/([^/]+)$/.exec(req.path);
  const isQuery = req.method === 'GET' && !!m?.[1];
  if (!isCreate && !isQuery) return undefined;
  if (!hasBearer(req)) return error(401, 'authentication_error', 'Invalid or expired token');
  return isCreate ? create(req, store) : query(decodeURIComponent(m?.[1] ?? ''), store);
}
