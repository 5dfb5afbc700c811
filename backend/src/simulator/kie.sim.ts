/**
 * kie.ai's jobs protocol (REFERENCE.md §2.2) under `/kie`: create `POST /api/v1/jobs/createTask`, query
 * `GET /api/v1/jobs/recordInfo?taskId=`. Answers are `{code, msg, data}`; like kie, validation errors and unknown
 * tasks come back as HTTP 200 with the error in `code`, while auth, 429 and 500 also use the HTTP status.
 * `resultJson` is a JSON string; `[sim:alt]` sends it as an object.
 */
import { SimRequest, SimResponse, hasBearer, isObject, json, text } from './sim-http';
import { SimTask, TaskStore, readMarkers } from './task-store';

const STATE = { PENDING: 'waiting', RUNNING: 'generating', SUCCEEDED: 'success', FAILED: 'fail', UNKNOWN: 'generating' } as const;

function create(req: SimRequest, store: TaskStore): SimResponse {
  const body = req.body;
  if (!isObject(body)) return json(200, { code: 422, msg: 'Invalid JSON body', data: null });
  const m = readMarkers(req.text);
  if (m.http429) return json(429, { code: 429, msg: 'Rate limited: too many requests, please retry later', data: null }, { 'Retry-After': '1' });
  if (m.http500) return json(500, { code: 500, msg: 'Internal server error', data: null });
  const model = text(body.model);
  const input = isObject(body.input) ? body.input : undefined;
  const prompt = text(input?.prompt);
  if (!model) return json(200, { code: 422, msg: 'model is required', data: null });
  if (!input || !prompt) return json(200, { code: 422, msg: 'input.prompt is required', data: null });
  if (input.n_frames !== undefined && typeof input.n_frames !== 'string') {
    return json(200, { code: 422, msg: 'input.n_frames must be a string', data: null });
  }
  const images = Array.isArray(input.image_urls) ? input.image_urls.filter((u): u is string => typeof u === 'string') : [];
  const portrait = input.aspect_ratio === 'portrait';
  const task = store.add({
    provider: 'kie',
    model,
    mode: images[0] ? 'i2v' : 't2v',
    prompt,
    width: portrait ? 720 : 1280,
    height: portrait ? 1280 : 720,
    resolution: '720P',
    imageUrl: images[0],
    callbackUrl: text(body.callBackUrl),
    request: body,
  });
  return json(200, { code: 200, msg: 'success', data: { taskId: task.id } });
}

/** `data` of recordInfo and of the callback. */
export function kieRecord(task: SimTask, store: TaskStore): Record<string, unknown> {
  const phase = store.phase(task);
  const data: Record<string, unknown> = {
    taskId: task.id,
    model: task.model,
    state: STATE[phase],
    param: JSON.stringify(task.request),
    resultJson: '',
    failCode: '',
    failMsg: '',
    costTime: task.result ? task.result.at - task.createdAt : null,
    completeTime: task.result?.at ?? null,
    createTime: task.createdAt,
    updateTime: task.result?.at ?? Date.now(),
  };
  if (phase === 'SUCCEEDED') {
    const result = { resultUrls: [task.result?.videoUrl] };
    data.resultJson = task.markers.alt ? result : JSON.stringify(result);
  }
  if (phase === 'FAILED') {
    if (task.outcome === 'reject') {
      data.failCode = '400';
      data.failMsg = 'Your prompt was flagged as sensitive content and violates the content policy. Please revise it.';
    } else {
      data.failCode = '500';
      data.failMsg = `Internal error: video generation failed (simulated)${task.result?.detail ? `: ${task.result.detail}` : ''}`;
    }
  }
  return data;
}

/** The callback body kie POSTs when a task ends. */
export function kieCallbackBody(task: SimTask, store: TaskStore): Record<string, unknown> {
  const ok = store.phase(task) === 'SUCCEEDED';
  return {
    code: ok ? 200 : 501,
    msg: ok ? 'Sora 2 video generated successfully.' : 'Video generation failed.',
    data: { ...kieRecord(task, store), consumeCredits: ok ? 30 : 0, remainedCredits: 970 },
  };
}

function query(req: SimRequest, store: TaskStore): SimResponse {
  const id = req.query.get('taskId');
  if (!id) return json(200, { code: 422, msg: 'taskId is required', data: null });
  const task = store.get(id);
  if (!task) return json(200, { code: 404, msg: 'The task does not exist or has expired', data: null });
  return json(200, { code: 200, msg: 'success', data: kieRecord(task, store) });
}

export function handleKie(req: SimRequest, store: TaskStore): SimResponse | undefined {
  const isCreate = req.method === 'POST' && req.path === '/api/v1/jobs/createTask';
  const isQuery = req.method === 'GET' && req.path === '/api/v1/jobs/recordInfo';
  if (!isCreate && !isQuery) return undefined;
  if (!hasBearer(req)) return json(401, { code: 401, msg: 'You do not have access permissions', data: null });
  return isCreate ? create(req, store) : query(req, store);
}
