/**
 * Caption styles through the app API, and free re-captioning of a finished sticker: a new GIF from the
 * stored MP4 (real ffmpeg), no provider call, no ledger movement, the old file served until the new one is
 * ready, a per-minute limit, and someone else's sticker is a 404.
 */
import { DEFAULT_CAPTION_STYLE } from '@app/shared';
import { inspectGif } from '../src/media/image';
import { App, dataSource, http, startApp, stopApp } from './support/app';
import { holdConversions } from './support/hold-conversion';
import { credits, expectLedgerClean, fetchFile, pipelineEnv, signUp, waitFor } from './support/pipeline';

describe('caption styles and free re-captioning', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ USER_RECAPTIONS_PER_MINUTE: '3', USER_MAX_ACTIVE_TASKS: '5' }));
  });
  afterEach(() => expectLedgerClean(app));
  afterAll(async () => {
    await stopApp(app);
  });

  const create = (auth: string, body: Record<string, unknown>) =>
    http(app)
      .post('/api/v1/stickers')
      .set('Authorization', auth)
      .send({ kind: 'text', prompt: '一只猫在跳舞', ...body });
  const detail = (auth: string, jobId: string) => http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', auth);
  const recaption = (auth: string, jobId: string, body: Record<string, unknown>) =>
    http(app).post(`/api/v1/stickers/${jobId}/recaption`).set('Authorization', auth).send(body);
  const finished = (auth: string, jobId: string) =>
    waitFor(`sticker ${jobId}`, async () => {
      const r = await detail(auth, jobId);
      return r.body.data.status === 'SUCCEEDED' ? r.body.data : undefined;
    });
  const ledgerRows = async (userId: number) => {
    const db = await dataSource(app);
    return (await db.query('SELECT id, amount, type FROM credit_entry WHERE userId = ? ORDER BY id', [userId])) as unknown[];
  };
  const userId = async (phone: string) => (await (await dataSource(app)).query('SELECT id FROM user WHERE phone = ?', [phone]))[0].id as number;
  const taskCount = async (phone: string) =>
    Number((await (await dataSource(app)).query('SELECT COUNT(*) AS n FROM task t JOIN user u ON u.id = t.userId WHERE u.phone = ?', [phone]))[0].n);

  it('stores the caption style given at creation and shows it; without one the default applies', async () => {
    const u = await signUp(app);
    const styled = await create(u.auth, { caption: '收到', captionStyle: { position: 'top', color: 'yellow' } });
    expect(styled.status).toBe(200);
    expect(styled.body.data.captionStyle).toEqual({ position: 'top', color: 'yellow' });
    const plain = await create(u.auth, { caption: '好的' });
    expect(plain.body.data.captionStyle).toEqual(DEFAULT_CAPTION_STYLE);
    await finished(u.auth, styled.body.data.jobId);
    await finished(u.auth, plain.body.data.jobId);
  });

  it('refuses a bad style or an emoji caption with a 400 before anything is written or held', async () => {
    const u = await signUp(app);
    const before = await credits(app, u.auth);
    const badStyle = await create(u.auth, { caption: '收到', captionStyle: { position: 'left' } });
    expect(badStyle.status).toBe(400);
    expect(badStyle.body.code).toBe('VALIDATION_FAILED');
    expect(badStyle.body.message).toContain('配字位置');
    const emoji = await create(u.auth, { caption: '晚安🌙' });
    expect(emoji.status).toBe(400);
    expect(emoji.body.code).toBe('CAPTION_UNSUPPORTED');
    expect(emoji.body.message).toContain('表情符号');
    expect(await credits(app, u.auth)).toEqual(before);
    expect(await taskCount(u.phone)).toBe(0);
  });

  it('re-captions a finished sticker for free: new file and URL, old one served until the new is ready', async () => {
    const u = await signUp(app);
    const job = (await create(u.auth, { caption: '收到' })).body.data.jobId as string;
    const first = await finished(u.auth, job);
    const uid = await userId(u.phone);
    const ledger = await ledgerRows(uid);
    const balance = await credits(app, u.auth);

    // hold the re-render just before ffmpeg, and look at what users see meanwhile
    const hold = await holdConversions(app);
    const pending = recaption(u.auth, job, { caption: '我真的会谢谢你全家人啊', captionStyle: { position: 'middle', color: 'red' } }).then(r => r);
    try {
      await hold.reached;
      const during = await detail(u.auth, job);
      expect(during.body.data.gifUrl).toBe(first.gifUrl);
      expect(during.body.data.caption).toBe('收到');
      expect((await fetchFile(first.gifUrl)).status).toBe(200);
    } finally {
      hold.release();
      hold.restore();
    }
    const res = await pending;
    expect(res.status).toBe(200);
    const after = res.body.data;
    expect(after.caption).toBe('我真的会谢谢你全家人啊');
    expect(after.captionStyle).toEqual({ position: 'middle', color: 'red' });
    expect(after.status).toBe('SUCCEEDED');
    expect(after.gifUrl).not.toBe(first.gifUrl);
    expect(after.thumbnailUrl).not.toBe(first.thumbnailUrl);
    expect(after.mp4Url).toBe(first.mp4Url);
    const gif = await fetchFile(after.gifUrl);
    expect(gif.type).toBe('image/gif');
    expect(inspectGif(gif.body).frames).toBeGreaterThan(10);
    expect((await fetchFile(first.gifUrl)).status).toBe(404); // the old file goes once the new one is in place

    // no ledger movement, no provider call
    expect(await ledgerRows(uid)).toEqual(ledger);
    expect(await credits(app, u.auth)).toEqual(balance);
    const db = await dataSource(app);
    const [row] = await db.query('SELECT attempts, captionVersion FROM task WHERE jobId = ?', [job]);
    expect(Number(row.attempts)).toBe(1);
    expect(Number(row.captionVersion)).toBe(1);

    // keep the caption, change only the style; then remove the caption
    const styleOnly = await recaption(u.auth, job, { captionStyle: { position: 'bottom', color: 'black' } });
    expect(styleOnly.body.data.caption).toBe('我真的会谢谢你全家人啊');
    expect(styleOnly.body.data.captionStyle).toEqual({ position: 'bottom', color: 'black' });
    const removed = await recaption(u.auth, job, { caption: '' });
    expect(removed.status).toBe(200);
    expect(removed.body.data.caption).toBeNull();
  });

  it('a sticker hidden by a content verdict while its re-caption renders keeps no public file from it', async () => {
    const u = await signUp(app);
    const job = (await create(u.auth, { caption: '收到' })).body.data.jobId as string;
    const first = await finished(u.auth, job);
    const hold = await holdConversions(app);
    const pending = recaption(u.auth, job, { caption: '改一下' }).then(r => r);
    const db = await dataSource(app);
    try {
      await hold.reached;
      // what ContentGuard.applyMediaVerdict does to a sticker made from a photo judged risky
      const [row] = await db.query('SELECT gifKey, thumbKey, mp4Key FROM task WHERE jobId = ?', [job]);
      await db.query('UPDATE task SET hidden = 1, showcase = 0 WHERE jobId = ?', [job]);
      await hold.media.hideFiles([row.gifKey, row.thumbKey, row.mp4Key]);
    } finally {
      hold.release();
      hold.restore();
    }
    const res = await pending;
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('TASK_NOT_RECAPTIONABLE');
    const [after] = await db.query('SELECT gifKey, captionVersion, caption FROM task WHERE jobId = ?', [job]);
    expect(Number(after.captionVersion)).toBe(0);
    expect(after.caption).toBe('收到');
    // the re-rendered GIF (…-r1.gif next to the first) was thrown away, and the old one is out of public reach
    expect(after.gifKey).toBe(first.gifUrl.slice(first.gifUrl.indexOf('stickers/')));
    expect((await fetchFile(first.gifUrl.replace(`${job}.gif`, `${job}-r1.gif`))).status).toBe(404);
    expect((await fetchFile(first.gifUrl)).status).toBe(404);
  });

  it("limits re-captions per minute, refuses emoji and unfinished stickers, and hides others' stickers", async () => {
    const u = await signUp(app);
    const other = await signUp(app);
    const job = (await create(u.auth, { caption: '晚安' })).body.data.jobId as string;
    await finished(u.auth, job);

    const theirs = await recaption(other.auth, job, { caption: '偷改' });
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('NOT_FOUND');

    const emoji = await recaption(u.auth, job, { caption: '晚安😴' });
    expect(emoji.status).toBe(400);
    expect(emoji.body.code).toBe('CAPTION_UNSUPPORTED');
    expect((await detail(u.auth, job)).body.data.caption).toBe('晚安');

    const bad = await recaption(u.auth, job, { captionStyle: { color: 'rainbow' } });
    expect(bad.status).toBe(400);

    // the limit is 3 per minute in this app; the emoji refusal counted too (the malformed body never reached it)
    expect((await recaption(u.auth, job, { caption: '早安' })).status).toBe(200);
    expect((await recaption(u.auth, job, { caption: '午安' })).status).toBe(200);
    const limited = await recaption(u.auth, job, { caption: '再见' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();

    const queued = (await create(other.auth, { caption: '等等' })).body.data.jobId as string;
    const early = await recaption(other.auth, queued, { caption: '还没好' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('TASK_NOT_RECAPTIONABLE');
    await finished(other.auth, queued);
  });
});
