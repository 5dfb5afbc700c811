import { Config, Destroy, ILogger, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import Redis from 'ioredis';
import { AppError } from '../../error/app.error';

export interface RateResult {
  allowed: boolean;
  count: number;
  /** seconds until the window resets */
  retryAfter: number;
}

/**
 * Fixed-window counters. With REDIS_URL the counters live in Redis (INCR + EXPIRE NX in one MULTI), so
 * limits hold across backend instances; without it they live in this process's memory.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RateLimitService {
  @Config('app.redisUrl')
  redisUrl: string;

  @Logger()
  logger: ILogger;

  private redis?: Redis;
  private memory = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = Date.now();

  private client(): Redis | undefined {
    if (!this.redisUrl) return undefined;
    if (!this.redis) {
      this.redis = new Redis(this.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
      this.redis.on('error', e => this.logger.warn('[rate-limit] redis error: %s', e.message));
    }
    return this.redis;
  }

  get backend(): 'redis' | 'memory' {
    return this.redisUrl ? 'redis' : 'memory';
  }

  /** Counts one hit against `key` and says whether it is within `limit` per `windowSeconds`. */
  async hit(key: string, limit: number, windowSeconds: number): Promise<RateResult> {
    const count = await this.incr(`rl:${key}`, windowSeconds);
    return { allowed: count.count <= limit, count: count.count, retryAfter: count.ttl };
  }

  /** Like hit() but throws RATE_LIMITED (429 with Retry-After) when over the limit. */
  async enforce(key: string, limit: number, windowSeconds: number, message: string): Promise<void> {
    const r = await this.hit(key, limit, windowSeconds);
    if (!r.allowed) {
      throw new AppError('RATE_LIMITED', message, { retryAfter: r.retryAfter, details: { retryAfter: r.retryAfter } });
    }
  }

  async reset(key: string): Promise<void> {
    const redis = this.client();
    if (redis) await redis.del(`rl:${key}`);
    else this.memory.delete(`rl:${key}`);
  }

  private async incr(key: string, windowSeconds: number): Promise<{ count: number; ttl: number }> {
    const redis = this.client();
    if (redis) {
      const res = await redis.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
      if (!res) throw new Error('redis MULTI aborted');
      const [incrErr, count] = res[0] as [Error | null, number];
      if (incrErr) throw incrErr;
      const ttl = Number((res[2] as [Error | null, number])[1]);
      return { count, ttl: ttl > 0 ? ttl : windowSeconds };
    }
    const now = Date.now();
    this.sweep(now);
    const cur = this.memory.get(key);
    if (!cur || cur.resetAt <= now) {
      this.memory.set(key, { count: 1, resetAt: now + windowSeconds * 1000 });
      return { count: 1, ttl: windowSeconds };
    }
    cur.count += 1;
    return { count: cur.count, ttl: Math.max(1, Math.ceil((cur.resetAt - now) / 1000)) };
  }

  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, v] of this.memory) if (v.resetAt <= now) this.memory.delete(k);
  }

  @Destroy()
  async close() {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
