import { Controller, Get, Inject } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../openapi/responses';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';

/** For load balancers: 200 when the database answers, 503 otherwise (the reason only in the log). */
@Controller('/')
export class HealthController {
  @Inject()
  ctx: Context;

  @InjectDataSource()
  db: DataSource;

  @ApiResponse(answers(200, 'HealthUp'))
  @ApiResponse(answers(503, 'HealthDown', 'the database does not answer'))
  @Get('/healthz')
  async healthz() {
    const started = Date.now();
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok', db: 'up', dbLatencyMs: Date.now() - started };
    } catch (e) {
      // the detail (host names, users, driver messages) is for the operators' log, not for whoever asks
      this.ctx.logger.error('[healthz] database check failed: %s', (e as Error).message);
      this.ctx.status = 503;
      return { status: 'error', db: 'down' };
    }
  }
}
