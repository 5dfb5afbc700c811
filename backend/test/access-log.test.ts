import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MidwayLogger } from '@midwayjs/logger';
import { AccessLog } from '../src/util/access-log';

/**
 * util/access-log.ts with real @midwayjs/logger transports: the text line Midway writes, or the JSON object every
 * other line has with LOG_FORMAT=json; the lines of a moment handed over together; a transport whose level does not
 * take info gets none.
 */
function accessLogWith(format: 'file' | 'json', logger: MidwayLogger): AccessLog {
  const access = new AccessLog();
  access.format = format;
  (access as unknown as { logger: MidwayLogger }).logger = logger;
  return access;
}

/** the file transport's lines, once its stream has written them */
async function fileText(dir: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const file = fs.readdirSync(dir).find(f => f.startsWith('app.log.'));
    const text = file ? fs.readFileSync(path.join(dir, file), 'utf8') : '';
    if (text) return text;
    await new Promise(r => setTimeout(r, 50));
  }
  return '';
}

/** what the process writes to stdout while `fn` runs */
async function stdoutOf(fn: () => Promise<void> | void): Promise<string[]> {
  const writes: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return writes;
}

describe('the access log', () => {
  it('LOG_FORMAT=json: one JSON object per line, with the request id and the redacted URL, the lines of a moment in one write', async () => {
    const logger = new MidwayLogger({ level: 'info', transports: { console: { autoColors: false } } });
    const access = accessLogWith('json', logger);
    const writes = await stdoutOf(async () => {
      access.write('req-0000000001', 'GET', '/api/v1/video/query/job_1', 200, 3);
      access.write('req-0000000002', 'POST', '/api/v1/callbacks/kie?task=job_1&sig=f00dfeed', 'error UNAUTHORIZED', 1);
      await new Promise(r => setTimeout(r, 250));
    });
    expect(writes).toHaveLength(1);
    const lines = writes[0]!
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: '200 3ms', requestId: 'req-0000000001', method: 'GET', url: '/api/v1/video/query/job_1' }),
      expect.objectContaining({
        level: 'info',
        msg: 'error UNAUTHORIZED 1ms',
        requestId: 'req-0000000002',
        method: 'POST',
        url: '/api/v1/callbacks/kie?task=job_1&sig=***',
      }),
    ]);
    await logger.close();
  });

  it('text: Midway’s line format in the log file; flush() hands over what waits; a console at warn gets nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-access-'));
    const logger = new MidwayLogger({ level: 'info', transports: { console: { level: 'warn' }, file: { dir, fileLogName: 'app.log' } } });
    const access = accessLogWith('file', logger);
    expect(access.enabled).toBe(true);
    const writes = await stdoutOf(() => {
      access.write('req-0000000003', 'GET', '/api/v1/users/me?token=abc', 200, 2);
      access.flush();
    });
    expect(writes).toEqual([]);
    await logger.close();
    const text = await fileText(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO ${process.pid} \\[req-0000000003 GET /api/v1/users/me\\?token=\\*\\*\\*\\] 200 2ms\\n$`,
      ),
    );
  });

  it('is off when the logger does not take info (LOG_LEVEL=warn)', () => {
    const access = accessLogWith('file', new MidwayLogger({ level: 'warn', transports: { console: {} } }));
    expect(access.enabled).toBe(false);
  });
});
