import { Controller, Get, Inject } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';

/** For load balancers: 200 when the database answers, 503 otherwise. */
@Controller('/')
export class HealthController {
  @Inject()
  ctx: Context;

  @InjectDataSource()
  db: DataSource;

  @Get('/healthz')
  async healthz() {
    const started = Date.now();
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok', db: 'up', dbLatencyMs: Date.now() - started };
    } catch (e) {
      this.ctx.status = 503;
      return { status: 'error', db: 'down', error: (e as Error).message };
    }
  }
}
