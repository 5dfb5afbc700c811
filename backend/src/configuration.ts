import { App, Config, Configuration, HTTP_SERVER_KEY, ILifeCycle, IMidwayContainer } from '@midwayjs/core';
import type { Server } from 'http';
import * as jwt from '@midwayjs/jwt';
import * as koa from '@midwayjs/koa';
import * as swagger from '@midwayjs/swagger';
import * as typeorm from '@midwayjs/typeorm';
import * as validate from '@midwayjs/validate';
import { TypeORMDataSourceManager } from '@midwayjs/typeorm';
import { join } from 'path';
import type { InstanceConfig } from './config/instance';
import { ErrorFilter } from './filter/error.filter';
import { AuthMiddleware } from './middleware/auth.middleware';
import { FastLane } from './middleware/fast-lane';
import { BodyMiddleware } from './middleware/body.middleware';
import { HttpMetricsMiddleware } from './middleware/http-metrics.middleware';
import { MultipartMiddleware } from './middleware/multipart.middleware';
import { RequestIdMiddleware } from './middleware/request-id.middleware';
import { RoleMiddleware } from './middleware/role.middleware';
import { StaticMiddleware } from './middleware/static.middleware';
import { serializeSqliteStatements } from './unit-of-work';
import { CreditExpiryJob } from './service/credits/credit-expiry.job';
import { PipelineWorker } from './service/pipeline/pipeline.worker';
import { SimulatorService } from './service/pipeline/simulator.service';
import { OrderSweeperJob } from './service/payments/order-sweeper.job';
import { PaymentSimulatorService } from './service/payments/payment-simulator.service';
import { closeHttpServer } from './util/http-drain';
import { AccessLog } from './util/access-log';
import { prepareValidation } from './dto/validate-setup';

@Configuration({
  imports: [koa, typeorm, jwt, validate, swagger],
  importConfigs: [join(__dirname, './config')],
  // plain libraries (no Midway classes) are loaded when imported, not scanned at start
  detectorOptions: { ignore: ['**/media/**', '**/storage/**', '**/simulator/**', '**/migration/**', '**/data-source.{ts,js}'] },
})
export class MainConfiguration implements ILifeCycle {
  @App('koa')
  app: koa.Application;

  @Config('instance')
  instance: InstanceConfig;

  @Config('http.fastLane')
  fastLane: boolean;

  async onReady(container: IMidwayContainer) {
    // order: HTTP metrics (outermost: it times everything) → request id → role (a worker answers only /healthz and
    // /metrics) → static files → auth → bodies (JSON/form, then multipart; per-route size limits) → routes; auth
    // first, so a request without a valid token is refused before its body is read. Errors → one filter
    this.app.useMiddleware([HttpMetricsMiddleware, RequestIdMiddleware, RoleMiddleware, StaticMiddleware, AuthMiddleware, BodyMiddleware, MultipartMiddleware]);
    this.app.useFilter([ErrorFilter]);
    // the hottest GET routes (the seed 001 poll, the profile, the lists) answered before all of that, by the same
    // services, when the request is sure to succeed the same way (middleware/fast-lane.ts)
    if (this.fastLane && this.instance.role !== 'worker') this.app.middleware.unshift((await container.getAsync(FastLane)).middleware(container));
    prepareValidation(await container.getAsync(validate.ValidateService));
    // SQLite has one shared connection: keep plain statements out of other requests' open transactions
    const db = (await container.getAsync(TypeORMDataSourceManager)).getDataSource('default');
    serializeSqliteStatements(db);
    // providers without an API key talk to the local simulator
    await (await container.getAsync(SimulatorService)).startIfNeeded();
    // the `simulator` payment channel (offline default without merchant keys)
    await (await container.getAsync(PaymentSimulatorService)).startIfNeeded();
  }

  async onServerReady(container: IMidwayContainer) {
    // background work (ROLE worker or all): submitting queued tasks, finishing in-flight ones, the periodic jobs
    if (this.instance.role === 'api') return;
    await (await container.getAsync(PipelineWorker)).start();
    (await container.getAsync(CreditExpiryJob)).start();
    (await container.getAsync(OrderSweeperJob)).start();
  }

  /**
   * SIGTERM (Midway's bootstrap calls this, then exits 0): no new connections and no new claims at once; requests in
   * progress and conversions get SHUTDOWN_GRACE_SECONDS, then conversion leases still held are handed back.
   */
  async onStop(container: IMidwayContainer) {
    const graceMs = this.instance.shutdownGraceSeconds * 1000;
    const server = container.get<Server | undefined>(HTTP_SERVER_KEY);
    await Promise.all([closeHttpServer(server, graceMs), (await container.getAsync(PipelineWorker)).stop(graceMs)]);
    await (await container.getAsync(CreditExpiryJob)).stop();
    await (await container.getAsync(SimulatorService)).stop();
    await (await container.getAsync(OrderSweeperJob)).stop();
    await (await container.getAsync(PaymentSimulatorService)).stop();
    // the last access lines, before Midway closes the log files
    (await container.getAsync(AccessLog)).flush();
  }
}
