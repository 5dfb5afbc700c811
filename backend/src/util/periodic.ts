/**
 * A pass that runs every N seconds in this process: it never overlaps itself (a call while a pass runs gets that
 * pass), the timer does not keep the process alive, and stop() waits for a pass in progress to finish.
 */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly pass: (now: Date) => Promise<void>) {}

  /** Starts the timer; 0 or less means never (the job is off). */
  start(seconds: number): void {
    if (this.timer || !(seconds > 0)) return;
    this.timer = setInterval(() => void this.run(), seconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass now (also what the timer calls). */
  run(now = new Date()): Promise<void> {
    if (this.running) return this.running;
    this.running = this.pass(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
