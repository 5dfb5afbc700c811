import { App, Configuration, ILifeCycle, IMidwayContainer } from '@midwayjs/core';
import * as jwt from '@midwayjs/jwt';
import * as koa from '@midwayjs/koa';
import * as typeorm from '@midwayjs/typeorm';
import { join } from 'path';
import { ErrorFilter } from './filter/error.filter';
import { AuthMiddleware } from './middleware/auth.middleware';
import { MultipartMiddleware } from './middleware/multipart.middleware';
import { RequestIdMiddleware } from './middleware/request-id.middleware';
import { StaticMiddleware } from './middleware/static.middleware';

@Configuration({
  imports: [koa, typeorm, jwt],
  importConfigs: [join(__dirname, './config')],
})
export class MainConfiguration implements ILifeCycle {
  @App('koa')
  app: koa.Application;

  async onReady(_container: IMidwayContainer) {
    // order: request id → static files → multipart bodies → auth → routes; errors → one filter
    this.app.useMiddleware([RequestIdMiddleware, StaticMiddleware, MultipartMiddleware, AuthMiddleware]);
    this.app.useFilter([ErrorFilter]);
  }
}
