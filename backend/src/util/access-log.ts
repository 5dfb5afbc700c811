import { MidwayLogger } from '@midwayjs/logger';
import { redactUrl } from './redact';

/**
 * The access line of one API request, made cheaply (bench/api: the line through `ctx.logger.info` cost 30–40 % of
 * an authenticated GET). Same text as koa.contextLoggerFormat wrote before —
 * `2026-11-30 20:41:55.123 INFO 4242 [<request id> GET /api/v1/x?sig=***] 200 3ms` — built as one string and
 * handed to the app logger's console and file transports as it is (no per-transport info object, no format
 * call, no context logger); the file transport buffers it (midwayLogger bufferWrite in config.default.ts).
 * Like every info line it is not written to the error file.
 */
/** Midway's level order (@midwayjs/logger constants, not exported): a line is written when its rank ≤ the logger's */
const RANK: Record<string, number> = { none: 0, error: 1, trace: 2, warn: 3, info: 4, verbose: 5, debug: 6, silly: 7, all: 8 };

export class AccessLog {
  private second = -1;
  private prefix = '';
  private readonly pid = ` INFO ${process.pid} [`;

  constructor(private readonly logger: MidwayLogger) {}

  /** whether the app logger writes info lines at all (LOG_LEVEL=warn turns the access log off) */
  get enabled(): boolean {
    return RANK.info! <= (RANK[this.logger.level] ?? RANK.info!);
  }

  write(requestId: string, method: string, url: string, outcome: string | number, ms: number): void {
    const line = `${this.stamp(Date.now())}${this.pid}${requestId} ${method} ${redactUrl(url)}] ${outcome} ${ms}ms`;
    this.logger.get('console')?.log(false, {}, line);
    this.logger.get('file')?.log(false, {}, line);
  }

  /** local time as Midway writes it (YYYY-MM-DD HH:mm:ss.SSS); the part up to the second is made once a second */
  private stamp(now: number): string {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      const d = new Date(now);
      const p = (n: number) => String(n).padStart(2, '0');
      this.prefix = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.`;
      this.second = second;
    }
    return this.prefix + String(now % 1000).padStart(3, '0');
  }
}
