/**
 * Delivers a finished task's callback the way evolink and kie do: POST the JSON body, expect 2xx within 10 s,
 * otherwise retry up to 3 times after 1, 2 and 4 s (the delays are an option so tests stay fast).
 */

export interface CallbackAttempt {
  taskId: string;
  url: string;
  /** 1 for the first delivery, 2–4 for retries */
  attempt: number;
  body: unknown;
  /** HTTP status, or undefined on a network error / timeout */
  status?: number;
  error?: string;
  at: number;
}

export class CallbackSender {
  readonly attempts: CallbackAttempt[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly abort = new AbortController();

  constructor(
    private readonly retryDelaysMs: readonly number[],
    private readonly timeoutMs = 10000,
  ) {}

  send(taskId: string, url: string, body: unknown): void {
    void this.attempt(taskId, url, body, 1);
  }

  close(): void {
    this.abort.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async attempt(taskId: string, url: string, body: unknown, attempt: number): Promise<void> {
    if (this.abort.signal.aborted) return;
    const record: CallbackAttempt = { taskId, url, attempt, body, at: Date.now() };
    this.attempts.push(record);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'provider-simulator' },
        body: JSON.stringify(body),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      record.status = res.status;
      await res.arrayBuffer(); // drain the answer so the connection is released
      if (res.ok) return;
    } catch (e) {
      record.error = e instanceof Error ? e.message : String(e);
    }
    const delay = this.retryDelaysMs[attempt - 1];
    if (delay === undefined || this.abort.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(taskId, url, body, attempt + 1);
    }, delay);
    this.timers.add(timer);
  }
}
