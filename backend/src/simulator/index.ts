/**
 * The provider simulator: one node:http server speaking each provider's protocol under `/<name>` (DashScope
 * with Qwen, evolink, kie: the list is `simulatedProviders` in providers.ts), serving the real MP4s it makes with ffmpeg under `/files`. No Midway dependency:
 * the app starts it in-process when a provider has no API key, and tests start their own.
 *
 * Clips are rendered at `scale` (default ½) of the requested size at 15 fps for 5 s, to stay fast on small
 * machines: t2v 624*624 → 312×312; i2v 480P → short side 240, the image's aspect kept.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { CallbackAttempt, CallbackSender } from './callback-sender';
import { resolveMediaTools } from './media-tools';
import { simulatedProvider } from './providers';
import { RenderContext, even, renderImageClip, renderTextClip, safeFontPath } from './render';
import { RecordedRequest, SimRequest, json, parseBody, readBody, send } from './sim-http';
import { SimTask, TaskStore } from './task-store';

export type { RecordedRequest } from './sim-http';
export type { SimTask, SimOutcome, SimPhase } from './task-store';
export type { CallbackAttempt } from './callback-sender';

export interface SimulatorOptions {
  /** 0 (default) = a random free port */
  port?: number;
  host?: string;
  /** create → final state, default 4000 (SIM_DELAY_MS) */
  delayMs?: number;
  /** 0..1, share of tasks failing at random, default 0 (SIM_FAILURE_RATE) */
  failureRate?: number;
  /** clip frame rate, default 15 */
  fps?: number;
  /** clip length, default 5 s */
  seconds?: number;
  /** clip size relative to the requested size, default 0.5 */
  scale?: number;
  /** callback retries after a non-2xx answer, default [1000, 2000, 4000] ms (evolink's documented behaviour) */
  callbackRetryDelaysMs?: number[];
  /** a create is taken (the task starts) but its answer is sent this much later; default 0 (tests of a crash mid-submit) */
  createAnswerDelayMs?: number;
  /** for the failure rate; Math.random by default */
  random?: () => number;
  /** a font file for the clips' text; default: the first font in backend/assets/fonts */
  font?: string;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:40123 — each provider lives at `${url}/<name>` (`${url}/dashscope`, …) */
  url: string;
  /** every request received, in order (method, path with query, headers, parsed body) */
  requests: RecordedRequest[];
  tasks: Map<string, SimTask>;
  /** every callback delivery attempt */
  callbacks: CallbackAttempt[];
  /** the temp dir holding the clips; removed by close() */
  workDir: string;
  /** changeable while running: the create-answer delay (see SimulatorOptions) */
  knobs: { createAnswerDelayMs: number };
  /** tasks created and not finished yet, per provider, now and at most so far (a provider's view of its limit) */
  inFlight: Record<string, { now: number; peak: number }>;
  close(): Promise<void>;
}

const RESOLUTION_SHORT_SIDE: Record<string, number> = { '480P': 480, '720P': 720, '1080P': 1080 };
const IMAGE_MAX_BYTES = 20 * 1024 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const fps = options.fps ?? 15;
  const seconds = options.seconds ?? 5;
  const scale = options.scale ?? 0.5;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provider-sim-'));
  const tools = resolveMediaTools(options.font);
  if (tools.font) tools.font = safeFontPath(tools.font, workDir);
  const lifetime = new AbortController();
  const ctx: RenderContext = { tools, workDir, signal: lifetime.signal };
  const requests: RecordedRequest[] = [];
  const sender = new CallbackSender(options.callbackRetryDelaysMs ?? [1000, 2000, 4000]);
  let baseUrl = '';
  let queue: Promise<unknown> = Promise.resolve();
  const knobs = { createAnswerDelayMs: options.createAnswerDelayMs ?? 0 };
  const inFlight: Simulator['inFlight'] = {};
  const counted = new Set<string>();
  const answerTimers = new Set<NodeJS.Timeout>();
  const later = (ms: number) =>
    new Promise<void>(resolve => {
      const t = setTimeout(() => {
        answerTimers.delete(t);
        resolve();
      }, ms);
      answerTimers.add(t);
    });

  const render = (task: SimTask): Promise<string> => {
    const job = queue.then(() => renderTask(task));
    queue = job.catch(() => undefined); // one clip at a time; each caller sees its own failure
    return job;
  };

  const renderTask = async (task: SimTask): Promise<string> => {
    const outFile = path.join(workDir, `${task.id}.mp4`);
    if (task.mode === 'i2v') {
      const imageFile = await loadImage(task.imageUrl ?? '', path.join(workDir, `${task.id}.src`), lifetime.signal);
      const shortSide = even((RESOLUTION_SHORT_SIDE[task.resolution ?? '480P'] ?? 480) * scale);
      await renderImageClip(ctx, { imageFile, shortSide, outFile, fps, seconds });
    } else {
      const width = even((task.width ?? 624) * scale);
      const height = even((task.height ?? 624) * scale);
      await renderTextClip(ctx, { prompt: task.prompt, width, height, outFile, fps, seconds });
    }
    // like an OSS signed URL: expires in 24 h (not enforced)
    return `${baseUrl}/files/${task.id}.mp4?Expires=${Math.floor(Date.now() / 1000) + 86400}&Signature=sim`;
  };

  const store = new TaskStore({
    delayMs: options.delayMs ?? 4000,
    failureRate: options.failureRate ?? 0,
    random: options.random ?? Math.random,
    render,
    onFinish: task => {
      if (counted.delete(task.id)) inFlight[task.provider]!.now -= 1;
      const callbackBody = simulatedProvider(task.provider)?.callbackBody;
      if (task.callbackUrl && callbackBody) sender.send(task.id, task.callbackUrl, callbackBody(task, store));
    },
  });

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim.local');
      const raw = await readBody(req);
      const body = parseBody(raw);
      requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, headers: req.headers, body, at: Date.now() });
      const file = /^\/files\/([\w.-]+\.mp4)$/.exec(url.pathname);
      if (file?.[1] && (req.method === 'GET' || req.method === 'HEAD')) return serveFile(res, path.join(workDir, file[1]), req.method === 'HEAD');
      const m = /^\/([\w-]+)(\/.*)$/.exec(url.pathname);
      const provider = simulatedProvider(m?.[1] ?? '');
      const simReq: SimRequest = { method: req.method ?? 'GET', path: m?.[2] ?? url.pathname, query: url.searchParams, headers: req.headers, body, text: raw };
      const before = store.tasks.size;
      const out = provider?.handle(simReq, store) || json(404, { code: 'NotFound', message: `No simulated endpoint for ${req.method} ${url.pathname}` });
      if (store.tasks.size > before) {
        const created = [...store.tasks.values()].slice(before);
        for (const t of created) {
          const c = (inFlight[t.provider] ??= { now: 0, peak: 0 });
          if (!t.result) {
            counted.add(t.id);
            c.now += 1;
            c.peak = Math.max(c.peak, c.now);
          }
        }
        if (knobs.createAnswerDelayMs > 0) await later(knobs.createAnswerDelayMs);
      }
      send(res, out);
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, json(500, { code: 'InternalError', message: e instanceof Error ? e.message : String(e) }));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('[simulator] could not read the listening address');
  const host = (options.host ?? '127.0.0.1').includes(':') ? `[${options.host}]` : (options.host ?? '127.0.0.1');
  baseUrl = `http://${host}:${address.port}`;

  return {
    url: baseUrl,
    requests,
    tasks: store.tasks,
    callbacks: sender.attempts,
    workDir,
    knobs,
    inFlight,
    close: async () => {
      for (const t of answerTimers) clearTimeout(t);
      answerTimers.clear();
      store.close();
      sender.close();
      lifetime.abort();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      await queue;
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

function serveFile(res: http.ServerResponse, file: string, headOnly: boolean): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    send(res, json(404, { code: 'NoSuchKey', message: 'The specified key does not exist.' }));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': size });
  if (headOnly) res.end();
  else fs.createReadStream(file).pipe(res);
}

/** Writes the i2v input (a Data URI or an http(s) URL) to disk, named by its format; returns the path. */
async function loadImage(source: string, target: string, signal: AbortSignal): Promise<string> {
  let bytes: Buffer;
  const dataUri = /^data:[\w/+.-]+;base64,(.*)$/s.exec(source);
  if (dataUri) {
    bytes = Buffer.from(dataUri[1] ?? '', 'base64');
  } else if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.any([signal, AbortSignal.timeout(15000)]) });
    if (!res.ok) throw new Error(`downloading the image failed: HTTP ${res.status}`);
    bytes = Buffer.from(await res.arrayBuffer());
  } else {
    throw new Error('img_url is neither an http(s) URL nor a base64 Data URI');
  }
  if (bytes.length === 0 || bytes.length > IMAGE_MAX_BYTES) throw new Error(`the image is empty or larger than ${IMAGE_MAX_BYTES} bytes`);
  const file = `${target}.${imageExtension(bytes)}`;
  fs.writeFileSync(file, bytes);
  return file;
}

function imageExtension(b: Buffer): string {
  if (b[0] === 0x89 && b[1] === 0x50) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpg';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (b.subarray(0, 3).toString('latin1') === 'GIF') return 'gif';
  return 'img';
}
