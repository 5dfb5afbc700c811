/**
 * Issue 17, point 3: image bombs. A few hundred bytes can claim 10000×10000 pixels; decoding one takes hundreds
 * of MB and seconds of ffmpeg, and a handful stall everyone's uploads. The pixel count is read from the header and
 * capped before decoding; photos are budgeted per user (per minute, per day, one decode at a time) and the
 * decoder queue is bounded.
 */
import * as zlib from 'zlib';
import { App, freshPhone, http, startApp, stopApp } from '../support/app';
import { Account, passwordAccount, pngBytes, rowCounts } from '../support/rows';

/** A small PNG whose header claims width × height (the pixel data is a stub: it must never be decoded). */
function claimedPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${'x'.repeat(1200)}`)),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(4096))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('image bombs and upload budgets', () => {
  let app: App;
  let user: Account;
  beforeAll(async () => {
    app = await startApp({ UPLOADS_PER_MINUTE: '3', UPLOADS_PER_DAY: '1000', IMAGE_JOBS_PER_USER: '1' });
    user = await passwordAccount(app);
  });
  afterAll(() => stopApp(app));

  const upload = (a: Account, bytes: Buffer) =>
    http(app).post('/api/v1/upload/image').set('Authorization', a.auth).attach('file', bytes, { filename: 'a.png', contentType: 'image/png' });

  it.each([
    [10000, 10000],
    [8000, 8000],
    [12000, 3000],
  ])('a PNG claiming %i×%i px is refused from its header, at once, writing nothing', async (w, h) => {
    const before = await rowCounts(app);
    const started = Date.now();
    const r = await upload(await passwordAccount(app), claimedPng(w, h));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('IMAGE_INVALID');
    expect(r.body.message).toContain('分辨率过大');
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await rowCounts(app)).upload).toBe(before.upload);
  });

  it("the same through seed 001's img_base64", async () => {
    const a = await passwordAccount(app);
    const r = await http(app)
      .post('/api/v1/video/create')
      .set('Authorization', a.auth)
      .field('type', 'image_to_video')
      .field('prompt', '眨眼')
      .field('img_base64', `data:image/png;base64,${claimedPng(10000, 10000).toString('base64')}`);
    expect(r.status).toBe(400);
    expect(r.body.error).toContain('分辨率过大');
  });

  it('a user gets UPLOADS_PER_MINUTE photos a minute; others are not affected', async () => {
    const a = await passwordAccount(app);
    const png = pngBytes(480, 480);
    for (let i = 0; i < 3; i++) expect((await upload(a, png)).status).toBe(200);
    const over = await upload(a, png);
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await upload(user, png)).status).toBe(200);
  });

  it('one decode at a time per user: concurrent uploads beyond it get 429 at once', async () => {
    const a = await passwordAccount(app, freshPhone());
    const big = pngBytes(2000, 2000);
    const answers = await Promise.all([upload(a, big), upload(a, big), upload(a, big)]);
    const statuses = answers.map(r => r.status).sort();
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    expect(answers.filter(r => r.status === 429).every(r => r.body.message === '上一张图片还在处理，请稍候再试')).toBe(true);
  });
});
