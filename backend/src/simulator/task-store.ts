/**
 * The simulator's tasks: created by a provider route, progressing by time (PENDING for the first half of the
 * delay, RUNNING until it ends, then the outcome), with outcomes forced by prompt markers or a failure rate.
 */
import * as crypto from 'crypto';
import type { ProviderName } from '../provider/factories';

export type SimProvider = ProviderName;
export type SimPhase = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';
/** success; fail (generation error); reject (moderation); unknown (DashScope UNKNOWN); stuck (never ends) */
export type SimOutcome = 'success' | 'fail' | 'reject' | 'unknown' | 'stuck';

/**
 * Prompt markers: `[sim:fail]` `[sim:reject]` `[sim:unknown]` `[sim:slow]` (outcomes), `[sim:429]` `[sim:500]`
 * (create answers 429 / 500), `[sim:alt]` (evolink: the seed's `data.video_url` shape; kie: resultJson as an object).
 */
export interface SimMarkers {
  fail: boolean;
  reject: boolean;
  unknown: boolean;
  slow: boolean;
  http429: boolean;
  http500: boolean;
  alt: boolean;
}

export function readMarkers(text: string): SimMarkers {
  const has = (m: string) => text.toLowerCase().includes(`[sim:${m}]`);
  return {
    fail: has('fail'),
    reject: has('reject'),
    unknown: has('unknown'),
    slow: has('slow'),
    http429: has('429'),
    http500: has('500'),
    alt: has('alt'),
  };
}

export interface SimTaskInput {
  provider: SimProvider;
  model: string;
  mode: 't2v' | 'i2v';
  prompt: string;
  /** t2v output size before the simulator's scale */
  width?: number;
  height?: number;
  /** i2v: "480P" | "720P" | "1080P" */
  resolution?: string;
  imageUrl?: string;
  callbackUrl?: string;
  /** the create request body as received */
  request: unknown;
}

export interface SimResult {
  state: 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';
  at: number;
  videoUrl?: string;
  /** why it failed, for fail outcomes (the provider route turns it into its own codes) */
  detail?: string;
}

export interface SimTask extends SimTaskInput {
  id: string;
  createdAt: number;
  outcome: SimOutcome;
  markers: SimMarkers;
  result?: SimResult;
}

export interface TaskStoreOptions {
  delayMs: number;
  failureRate: number;
  random: () => number;
  /** makes the clip; resolves with the URL it is served at */
  render: (task: SimTask) => Promise<string>;
  /** called once when a task reaches its final state */
  onFinish: (task: SimTask) => void;
}

export class TaskStore {
  readonly tasks = new Map<string, SimTask>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: TaskStoreOptions) {}

  add(input: SimTaskInput): SimTask {
    const markers = readMarkers(input.prompt);
    const task: SimTask = {
      ...input,
      id: newTaskId(input.provider),
      createdAt: Date.now(),
      outcome: outcomeOf(input.provider, markers, this.options),
      markers,
    };
    this.tasks.set(task.id, task);
    this.schedule(task);
    return task;
  }

  get(id: string): SimTask | undefined {
    return this.tasks.get(id);
  }

  phase(task: SimTask, now = Date.now()): SimPhase {
    if (task.result) return task.result.state;
    return now - task.createdAt < this.options.delayMs / 2 ? 'PENDING' : 'RUNNING';
  }

  /** 0–100 by elapsed time; 100 once finished. */
  progress(task: SimTask, now = Date.now()): number {
    if (task.result) return 100;
    return Math.min(99, Math.floor(((now - task.createdAt) / Math.max(1, this.options.delayMs)) * 100));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(task: SimTask): void {
    if (task.outcome === 'stuck') return;
    // start the clip at once so it is usually ready when the delay ends
    const clip = task.outcome === 'success' ? this.options.render(task) : undefined;
    clip?.catch(() => undefined); // its failure is handled when the delay ends, below
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.finish(task, clip);
    }, this.options.delayMs);
    this.timers.add(timer);
  }

  private async finish(task: SimTask, clip: Promise<string> | undefined): Promise<void> {
    let result: SimResult;
    if (task.outcome === 'unknown') result = { state: 'UNKNOWN', at: 0 };
    else if (!clip) result = { state: 'FAILED', at: 0 };
    else {
      try {
        result = { state: 'SUCCEEDED', at: 0, videoUrl: await clip };
      } catch (e) {
        task.outcome = 'fail';
        result = { state: 'FAILED', at: 0, detail: e instanceof Error ? e.message : String(e) };
      }
    }
    if (this.closed) return;
    task.result = { ...result, at: Date.now() };
    this.options.onFinish(task);
  }
}

function outcomeOf(provider: SimProvider, m: SimMarkers, options: TaskStoreOptions): SimOutcome {
  if (m.slow) return 'stuck';
  if (m.unknown) return provider === 'dashscope' ? 'unknown' : 'stuck';
  if (m.reject) return 'reject';
  if (m.fail) return 'fail';
  if (options.failureRate > 0 && options.random() < options.failureRate) return 'fail';
  return 'success';
}

function newTaskId(provider: SimProvider): string {
  const hex = crypto.randomBytes(16).toString('hex');
  if (provider === 'evolink') return `task-unified-${Math.floor(Date.now() / 1000)}-${hex.slice(0, 8)}`;
  if (provider === 'kie') return hex.slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
