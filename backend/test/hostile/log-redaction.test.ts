import * as fs from 'fs';
import * as path from 'path';
import { redactUrl } from '../../src/util/redact';
import { App, http, startApp, stopApp } from '../support/app';

/** Issue 17, point 5: signed callback and push URLs must not land in the log with their signatures. */
describe('request URLs in the log', () => {
  let app: App;
  const logDir = path.join(process.env.DATA_DIR!, 'logs');
  const SIG = 'f00dfeed'.repeat(8);
  const PUSH_SIG = 'c0ffee42'.repeat(5);

  beforeAll(async () => {
    app = await startApp({ LOG_LEVEL: 'info', WECHAT_PUSH_TOKEN: 'log-test-token' });
  });
  afterAll(() => stopApp(app));

  const logText = () =>
    fs
      .readdirSync(logDir)
      .filter(f => f.endsWith('.log'))
      .map(f => fs.readFileSync(path.join(logDir, f), 'utf8'))
      .join('\n');

  it('logs the callback and push paths with signatures and tokens replaced by ***', async () => {
    await http(app).post(`/api/v1/callbacks/kie?task=job_x&ts=${Date.now()}&sig=${SIG}`).send({});
    await http(app).post(`/api/v1/wechat/push?signature=${PUSH_SIG}&timestamp=1&nonce=n&msg_signature=${PUSH_SIG}`).send({});
    let text = '';
    for (let i = 0; i < 40 && !/wechat\/push/.test(text); i++) {
      await new Promise(r => setTimeout(r, 100));
      text = logText();
    }
    expect(text).toContain('/api/v1/callbacks/kie?task=job_x');
    expect(text).toContain('sig=***');
    expect(text).toContain('/api/v1/wechat/push?signature=***');
    expect(text).not.toContain(SIG);
    expect(text).not.toContain(PUSH_SIG);
  });

  it('keeps ordinary parameters and redacts names written with %-escapes or in capitals', () => {
    expect(redactUrl('/api/v1/stickers?page=2&status=ACTIVE')).toBe('/api/v1/stickers?page=2&status=ACTIVE');
    expect(redactUrl('/x?%73ig=abc&Token=def&echostr=e&a')).toBe('/x?%73ig=***&Token=***&echostr=***&a');
    expect(redactUrl('/x?%E0%A4%A=1')).toBe('/x?%E0%A4%A=1');
    expect(redactUrl('/plain/path')).toBe('/plain/path');
  });
});
