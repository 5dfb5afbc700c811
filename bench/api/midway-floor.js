/**
 * The framework's own floor: a Midway 3 koa app with nothing of ours — one request-scoped controller (ctx
 * injected, like ours) that answers the same bytes as the backend for the same paths, no middleware, no
 * database. Started by run.js as its own process: BENCH_BODIES=<json file of { path: body }> PORT=<port>.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const backendDir = path.join(__dirname, '..', '..', 'backend');
const req = m => require(require.resolve(m, { paths: [backendDir] }));
const { Bootstrap } = req('@midwayjs/bootstrap');
const core = req('@midwayjs/core');
const koa = req('@midwayjs/koa');

const bodies = new Map(Object.entries(JSON.parse(fs.readFileSync(process.env.BENCH_BODIES, 'utf8'))));

// plain JavaScript: the decorators applied as functions
class FloorController {
  async answer() {
    const body = bodies.get(this.ctx.path);
    if (body === undefined) {
      this.ctx.status = 404;
      return '';
    }
    this.ctx.type = 'application/json';
    return body;
  }
}
core.Inject()(FloorController.prototype, 'ctx');
core.Get('/*')(FloorController.prototype, 'answer', Object.getOwnPropertyDescriptor(FloorController.prototype, 'answer'));
core.Controller('/')(FloorController);

class FloorConfiguration {}
core.Configuration({ imports: [koa] })(FloorConfiguration);

Bootstrap.configure({
  baseDir: __dirname,
  imports: [{ Configuration: FloorConfiguration }],
  moduleDetector: false,
  preloadModules: [FloorController],
  globalConfig: {
    keys: 'bench-floor',
    koa: { port: Number(process.env.PORT), hostname: '127.0.0.1' },
    midwayLogger: { default: { level: 'warn', transports: { file: false, error: false } } },
  },
}).run();
