// Production / `npm start` entry: runs the compiled app from dist/.
const { Bootstrap } = require('@midwayjs/bootstrap');
const { MidwayLoggerContainer } = require('@midwayjs/logger');
const { jsonLine, logFormat } = require('./dist/config/logging');

// LOG_FORMAT=json: the bootstrap's own lines (started, signals, exit) are JSON on stdout like every other line
const logger =
  logFormat === 'json' ? new MidwayLoggerContainer().createLogger('bootstrap', { level: 'info', transports: { console: { format: jsonLine } } }) : undefined;
Bootstrap.configure({ baseDir: __dirname + '/dist', logger }).run();
