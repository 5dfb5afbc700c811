import { Controller, Get, Inject } from '@midwayjs/core';
import { Context } from '@midwayjs/koa';
import { ApiExcludeController } from '@midwayjs/swagger';
import { MetricsService } from '../../service/metrics/metrics.service';

/**
 * Prometheus scrape endpoint (text exposition format). Not public: it answers only with
 * `Authorization: Bearer $METRICS_TOKEN`, and 404 when no token is configured. docs/deploy.md has the scrape config.
 */
@ApiExcludeController() // operators' scrape endpoint, not part of the public API
@Controller('/')
export class MetricsController {
  @Inject()
  ctx: Context;

  @Inject()
  metrics: MetricsService;

  @Get('/metrics')
  async scrape() {
    this.metrics.checkAccess(this.ctx.get('authorization'));
    const { contentType, body } = await this.metrics.scrape();
    this.ctx.type = contentType;
    return body;
  }
}
