import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import { Task } from '../../entity/task.entity';
import { AppError } from '../../error/app.error';
import { RateLimitService } from './rate-limit.service';
import { ACTIVE } from '../pipeline/task-transitions';

export interface AbuseLimits {
  /** single tasks (not in a pack) a user may have waiting or generating at once */
  userMaxActiveTasks: number;
  /** sticker and pack creations (and retries) per user per minute */
  userCreatesPerMinute: number;
  /** free re-captions per user per minute (each is a GIF render) */
  userRecaptionsPerMinute: number;
  /** register / login / SMS login / WeChat login requests per IP per minute */
  authPerIpPerMinute: number;
  /** photos (uploads and seed 001 img_base64) per user per minute and per day */
  uploadsPerMinute: number;
  uploadsPerDay: number;
  /** photos one user may have decoding at once (this process) */
  imageJobsPerUser: number;
  /** photos waiting for a decoder (this process) before new ones are refused */
  imageQueueMax: number;
}

/**
 * Abuse limits in front of writes: per-user creations per minute and concurrent active tasks, per-IP sign-ins.
 * Counters are RateLimitService's fixed windows (Redis when REDIS_URL is set); active tasks are counted in the
 * database. Over a limit → 429 RATE_LIMITED with Retry-After, before anything is written or frozen.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AbuseLimitService {
  @Inject()
  rate: RateLimitService;

  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @Config('limits')
  cfg: AbuseLimits;

  /** Counts one sign-in attempt from `ip`. */
  async authAttempt(ip: string): Promise<void> {
    await this.rate.enforce(`auth:ip:${ip}`, this.cfg.authPerIpPerMinute, 60, '操作过于频繁，请稍后再试');
  }

  /** Before a photo is decoded: the user's per-minute and per-day budgets (every instance, via RateLimitService). */
  async beforeImage(userId: number): Promise<void> {
    await this.rate.enforce(`image:user:${userId}:min`, this.cfg.uploadsPerMinute, 60, '上传太频繁了，请稍后再试');
    await this.rate.enforce(`image:user:${userId}:day`, this.cfg.uploadsPerDay, 86400, '今天上传的图片太多了，请明天再试');
  }

  /**
   * Before a task (or a pack) is created: the per-minute budget, then the number of unfinished tasks. Stickers of a
   * pack are capped by the number of active packs instead (PackService), so `inPack` skips the task cap.
   */
  async beforeCreate(userId: number, opts: { inPack?: boolean } = {}): Promise<void> {
    await this.rate.enforce(`create:user:${userId}`, this.cfg.userCreatesPerMinute, 60, '创建太频繁了，请稍后再试');
    if (!opts.inPack) await this.checkActive(userId);
  }

  /** Before a free re-caption: its own per-minute budget. */
  async beforeRecaption(userId: number): Promise<void> {
    await this.rate.enforce(`recaption:user:${userId}`, this.cfg.userRecaptionsPerMinute, 60, '改字太频繁了，请一分钟后再试');
  }

  /**
   * The active-task cap. Called again inside the create transaction after the credit hold has locked the user's
   * row, so two concurrent requests cannot both take the last slot (on MySQL the count then sees the other's commit).
   */
  async checkActive(userId: number, em?: EntityManager, excludeJobId?: string): Promise<void> {
    const repo = em ? em.getRepository(Task) : this.tasks;
    // excludeJobId: the row this transaction just inserted
    const active = await repo.count({ where: { userId, status: In(ACTIVE), packId: IsNull(), ...(excludeJobId ? { jobId: Not(excludeJobId) } : {}) } });
    if (active >= this.cfg.userMaxActiveTasks) {
      throw new AppError('RATE_LIMITED', `同时最多生成 ${this.cfg.userMaxActiveTasks} 个表情，请等前面的完成后再试`, {
        retryAfter: 10,
        details: { retryAfter: 10, active, limit: this.cfg.userMaxActiveTasks },
      });
    }
  }
}
