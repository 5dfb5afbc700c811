import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ContentRejection } from '../../src/entity/content-rejection.entity';
import { Task } from '../../src/entity/task.entity';
import { pushSignature } from '../../src/service/wechat-push/push-crypto';
import { CONTENT_REJECTED_MESSAGE, HIDDEN_MESSAGE } from '../../src/service/content/checker';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';
import { holdConversions } from '../support/hold-conversion';
import { credits, expectLedgerClean, fetchFile, pipelineEnv, queryUntilDone, taskStatusBecomes, waitFor } from '../support/pipeline';
import { Account, adminAccount, passwordAccount, pngBytes, rowCounts, settleTasks } from '../support/rows';
import { startWechatStandIn, WechatStandIn } from '../support/wechat-standin';

const PUSH_TOKEN = 'push-token-123';

/** Content checks before generation: the local word list, WeChat msgSecCheck and mediaCheckAsync (stand-in). */
describe('content checks', () => {
  let app: App;
  let wx: WechatStandIn;
  let admin: Account;
  let plain: Account; // password account: no openid, WeChat is never asked
  let wxUser: Account; // WeChat login: has an openid
  const wordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'words-')), 'blocked.txt');

  beforeAll(async () => {
    try {
      fs.writeFileSync(wordFile, '# test list\n色情\n禁词甲\n');
      wx = await startWechatStandIn('wx123', 'wxsecret');
      const adminPhone = freshPhone();
      app = await startApp(
        await pipelineEnv({
          WECHAT_APPID: 'wx123',
          WECHAT_SECRET: 'wxsecret',
          WECHAT_API_BASE: wx.url,
          WECHAT_PUSH_TOKEN: PUSH_TOKEN,
          CONTENT_WORDLIST_FILE: wordFile,
          CONTENT_WORDLIST_REFRESH_SECONDS: '0',
        }),
      );
      admin = await adminAccount(app, adminPhone);
      plain = await passwordAccount(app);
      wxUser = await wechatAccount('wx');
    } catch (e) {
      console.error(e);
      throw e;
    }
  });
  afterAll(async () => {
    await settleTasks(app, [plain, wxUser, admin].filter(Boolean));
    await expectLedgerClean(app);
    await stopApp(app);
    await wx.close();
  });

  /** a user signed in with WeChat (so with an openid: their photos go to mediaCheckAsync), openid `openid-<name>` */
  async function wechatAccount(name: string): Promise<Account> {
    const phone = freshPhone();
    wx.phoneCodes.set(`pc-${name}`, { phone });
    wx.loginCodes.set(`lc-${name}`, `openid-${name}`);
    const r = await http(app)
      .post('/api/v1/auth/wechat/login')
      .send({ phoneCode: `pc-${name}`, loginCode: `lc-${name}` })
      .expect(200);
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${r.body.data.token}`);
    return { id: me.body.data.id, phone, token: r.body.data.token, auth: `Bearer ${r.body.data.token}` };
  }

  const rejections = async (userId: number) => (await dataSource(app)).getRepository(ContentRejection).find({ where: { userId }, order: { id: 'ASC' } });
  const sticker = (u: Account, body: Record<string, unknown>) => http(app).post('/api/v1/stickers').set('Authorization', u.auth).send(body);

  it('the word list refuses every field before anything is charged, and records the attempt', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'text', prompt: '一只猫 色 情' }, 'prompt'],
      [{ kind: 'text', prompt: '一只猫', caption: '色·情' }, 'caption'],
      [{ kind: 'web_search', role: '禁词甲', action: '跳舞' }, 'role'],
      [{ kind: 'web_search', role: '孙悟空', source: '色情', action: '跳舞' }, 'source'],
      [{ kind: 'web_search', role: '孙悟空', action: '跳 色情 舞' }, 'action'],
    ];
    const before = await rowCounts(app);
    const seen = (await rejections(plain.id)).length;
    for (const [body, field] of cases) {
      const r = await sticker(plain, body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'CONTENT_REJECTED', message: CONTENT_REJECTED_MESSAGE, details: { field } });
    }
    // seed 001: negative_prompt, with its {error, code} envelope
    const legacy = await http(app)
      .post('/api/v1/video/create')
      .set('Authorization', plain.auth)
      .field('type', 'text_to_video')
      .field('prompt', '猫')
      .field('negative_prompt', 'ＳＥＸ 色情');
    expect(legacy.status).toBe(400);
    expect(legacy.body).toEqual({ error: CONTENT_REJECTED_MESSAGE, code: 'CONTENT_REJECTED' });

    const after = await rowCounts(app);
    expect(after).toEqual({ ...before, content_rejection: before.content_rejection! + cases.length + 1 });
    expect(await credits(app, plain.auth)).toEqual({ available: 100, frozen: 0 });
    const rows = (await rejections(plain.id)).slice(seen);
    expect(rows.map(r => r.field)).toEqual(['prompt', 'caption', 'role', 'source', 'action', 'negativePrompt']);
    expect(rows.every(r => r.checker === 'wordlist' && r.action === 'rejected' && r.kind === 'text')).toBe(true);
    expect(rows[0]).toMatchObject({ label: '色情', excerpt: '一只猫 色 情' });
    expect(wx.textChecks).toHaveLength(0); // no openid: WeChat never asked
  });

  it('operators edit the word list: database words merge with the file and apply at once; the file is re-read', async () => {
    const before = await http(app).get('/api/v1/admin/blocked-words').set('Authorization', admin.auth).expect(200);
    expect(before.body.data.fileWords).toEqual(['色情', '禁词甲']);
    expect((await sticker(plain, { kind: 'text', prompt: '紫色 河马在跳舞' })).status).toBe(200);

    const put = await http(app)
      .put('/api/v1/admin/blocked-words')
      .set('Authorization', admin.auth)
      .send({ words: ['紫色河马', ' 紫色河马 ', 'Ｂａｄ Ｗｏｒｄ', ''] });
    expect(put.status).toBe(200);
    expect(put.body.data.words).toEqual(['紫色河马', 'badword']);
    const r = await sticker(plain, { kind: 'text', prompt: '一只紫色的河马？不，紫色河马' });
    expect(r.body.code).toBe('CONTENT_REJECTED');
    expect((await sticker(plain, { kind: 'text', prompt: 'a BAD-word here' })).body.code).toBe('CONTENT_REJECTED');

    fs.writeFileSync(wordFile, '色情\n禁词甲\n新加的词\n');
    fs.utimesSync(wordFile, new Date(), new Date(Date.now() + 5000));
    expect((await sticker(plain, { kind: 'text', prompt: '新加的词' })).body.code).toBe('CONTENT_REJECTED');

    for (const bad of [{ words: 'x' }, { words: [1, 2] }, { words: ['x'.repeat(65)] }, {}]) {
      const res = await http(app).put('/api/v1/admin/blocked-words').set('Authorization', admin.auth).send(bad);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await http(app).put('/api/v1/admin/blocked-words').set('Authorization', plain.auth).send({ words: [] })).status).toBe(403);
    const cleared = await http(app).put('/api/v1/admin/blocked-words').set('Authorization', admin.auth).send({ words: [] });
    expect(cleared.body.data.words).toEqual([]);
    // two stickers were made above; let them finish
    const list = await http(app).get('/api/v1/stickers?status=ACTIVE').set('Authorization', plain.auth);
    for (const s of list.body.data.items) await queryUntilDone(app, plain.auth, s.jobId);
  });

  it('msgSecCheck v2 for users with an openid: risky refuses, review passes and is recorded, errors fail open', async () => {
    wx.textRules = [
      { contains: '危险文字', suggest: 'risky', label: 20001 },
      { contains: '待复核', suggest: 'review', label: 21000 },
    ];
    const before = await rowCounts(app);
    const risky = await sticker(wxUser, { kind: 'text', prompt: '一段危险文字', caption: '配字' });
    expect(risky.status).toBe(400);
    expect(risky.body.code).toBe('CONTENT_REJECTED');
    const call = wx.textChecks.find(c => c.content === '一段危险文字')!;
    expect(call).toEqual({ version: 2, openid: 'openid-wx', scene: 2, content: '一段危险文字' });
    expect(await rowCounts(app)).toEqual({ ...before, content_rejection: before.content_rejection! + 1 });
    expect((await rejections(wxUser.id)).pop()).toMatchObject({ checker: 'wechat', action: 'rejected', label: '20001', field: 'prompt' });

    const review = await sticker(wxUser, { kind: 'text', prompt: '待复核的猫' });
    expect(review.status).toBe(200);
    expect((await rejections(wxUser.id)).pop()).toMatchObject({ checker: 'wechat', action: 'review', label: '21000' });

    // the same text from an account without an openid is not sent to WeChat
    const calls = wx.textChecks.length;
    expect((await sticker(plain, { kind: 'text', prompt: '一段危险文字' })).status).toBe(200);
    expect(wx.textChecks.length).toBe(calls);

    wx.secErrcode = 61010; // openid not seen in 2 h: WeChat cannot judge; the provider's moderation still applies
    expect((await sticker(wxUser, { kind: 'text', prompt: '一段危险文字（微信暂时不可用）' })).status).toBe(200);
    wx.secErrcode = 0;
    for (const u of [wxUser, plain]) {
      const list = await http(app).get('/api/v1/stickers?status=ACTIVE').set('Authorization', u.auth);
      for (const s of list.body.data.items) await queryUntilDone(app, u.auth, s.jobId);
    }
  });

  it('the admin console reads the findings, newest first, with a truncated excerpt', async () => {
    const long = '长'.repeat(700) + '色情';
    expect((await sticker(plain, { kind: 'text', prompt: long })).status).toBe(400);
    const r = await http(app).get('/api/v1/admin/content-rejections?action=rejected&page_size=5').set('Authorization', admin.auth);
    expect(r.status).toBe(200);
    expect(r.body.data.total).toBeGreaterThanOrEqual(8);
    const first = r.body.data.items[0];
    expect(first).toMatchObject({ userId: plain.id, kind: 'text', field: 'prompt', checker: 'wordlist', action: 'rejected', label: '色情' });
    expect([...first.excerpt].length).toBe(200);
    expect(first.phone).toMatch(/^1\d\d\*{4}\d{4}$/);
    const reviews = await http(app).get(`/api/v1/admin/content-rejections?action=review&user_id=${wxUser.id}`).set('Authorization', admin.auth);
    expect(reviews.body.data.items.map((i: { checker: string }) => i.checker)).toEqual(['wechat']);
    expect((await http(app).get('/api/v1/admin/content-rejections?action=nope').set('Authorization', admin.auth)).status).toBe(400);
    expect((await http(app).get('/api/v1/admin/content-rejections').set('Authorization', plain.auth)).status).toBe(403);
    expect((await http(app).get('/api/v1/admin/content-rejections')).status).toBe(401);
  });

  function signedQuery(ts = Math.floor(Date.now() / 1000), nonce = String(Math.random()).slice(2)) {
    return { signature: pushSignature(PUSH_TOKEN, String(ts), nonce), timestamp: String(ts), nonce };
  }

  /** a message push to our endpoint, signed unless another query is given */
  const push = (body: unknown, q = signedQuery()) =>
    http(app)
      .post('/api/v1/wechat/push')
      .query(q)
      .send(body as object);

  /** WeChat's `wxa_media_check` push judging one mediaCheckAsync trace risky */
  const riskyVerdict = (traceId: string, openid: string) => ({
    ToUserName: 'gh_x',
    FromUserName: openid,
    CreateTime: 1,
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: 'wx123',
    trace_id: traceId,
    version: 2,
    errcode: 0,
    errmsg: 'ok',
    result: { suggest: 'risky', label: 20002 },
  });

  it('message push: URL verification and signatures', async () => {
    const q = signedQuery();
    const ok = await http(app)
      .get('/api/v1/wechat/push')
      .query({ ...q, echostr: 'echo-123' });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('echo-123');
    const forged = await http(app)
      .get('/api/v1/wechat/push')
      .query({ ...q, signature: 'f'.repeat(40), echostr: 'x' });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('CALLBACK_INVALID');
    const stale = signedQuery(Math.floor(Date.now() / 1000) - 3600);
    expect(
      (
        await http(app)
          .get('/api/v1/wechat/push')
          .query({ ...stale, echostr: 'x' })
      ).status,
    ).toBe(401);
    expect((await http(app).get('/api/v1/wechat/push').query({ echostr: 'x' })).status).toBe(401);
  });

  it('mediaCheckAsync: a late risky verdict hides every sticker made from the image; replays change nothing', async () => {
    const png = pngBytes();
    const up = await http(app)
      .post('/api/v1/upload/image')
      .set('Authorization', wxUser.auth)
      .attach('file', png, { filename: 'a.png', contentType: 'image/png' });
    expect(up.status).toBe(200);
    const check = wx.mediaChecks.at(-1)!;
    expect(check).toMatchObject({ version: 2, openid: 'openid-wx', scene: 2, media_type: 2, media_url: up.body.data.url });

    // seed 001's img_base64 goes to WeChat too
    const legacy = await http(app)
      .post('/api/v1/video/create')
      .set('Authorization', wxUser.auth)
      .field('type', 'image_to_video')
      .field('prompt', '眨眼')
      .field('img_base64', `data:image/png;base64,${png.toString('base64')}`);
    expect(legacy.status).toBe(200);
    expect(wx.mediaChecks.length).toBeGreaterThanOrEqual(2);
    await queryUntilDone(app, wxUser.auth, legacy.body.data.job_id);

    const created = await sticker(wxUser, { kind: 'image', imageId: up.body.data.id, prompt: '开心地跳' });
    expect(created.status).toBe(200);
    const jobId = created.body.data.jobId as string;
    const done = await queryUntilDone(app, wxUser.auth, jobId);
    expect(done.data.video_url).toMatch(/\.gif$/);
    await http(app).post(`/api/v1/stickers/${jobId}/showcase-permission`).set('Authorization', wxUser.auth).send({ allowed: true }).expect(200); // a photo sticker: the owner's say-so first
    await http(app).post(`/api/v1/admin/tasks/${jobId}/showcase`).set('Authorization', admin.auth).send({ featured: true, reason: '好看' }).expect(200);
    const showcased = async () => (await http(app).get('/api/v1/showcase')).body.data.items.some((i: { jobId: string }) => i.jobId === jobId);
    expect(await showcased()).toBe(true);

    const event = riskyVerdict(check.trace_id, 'openid-wx');

    const before = await rowCounts(app);
    const forged = await push(event, { ...signedQuery(), signature: '0'.repeat(40) });
    expect(forged.status).toBe(401);
    expect(await rowCounts(app)).toEqual(before);
    expect((await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', wxUser.auth)).body.data.gifUrl).toMatch(/\.gif$/);

    const publicUrls = [up.body.data.url, done.data.video_url] as string[];
    for (const url of publicUrls) expect((await fetchFile(url)).status).toBe(200);

    const accepted = await push(event);
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe('success');
    // issue 17, point 8: the photo and the sticker's files leave public reach (kept privately for review)
    for (const url of publicUrls) expect((await fetchFile(url)).status).toBe(404);

    const detail = await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', wxUser.auth);
    expect(detail.body.data).toMatchObject({ status: 'SUCCEEDED', gifUrl: null, mp4Url: null, thumbnailUrl: null, errorMessage: HIDDEN_MESSAGE });
    const q = await http(app).get(`/api/v1/video/query/${jobId}`).set('Authorization', wxUser.auth);
    expect(q.body.data.status).toBe('FAILED'); // seed 001 clients expect a URL with SUCCEEDED
    expect(q.body.data.video_url).toBeUndefined();
    expect(q.body.data.error_message).toBe(HIDDEN_MESSAGE);
    expect(await showcased()).toBe(false);
    const task = await (await dataSource(app)).getRepository(Task).findOneByOrFail({ jobId });
    expect(task.hidden).toBe(true);
    const hiddenRows = (await rejections(wxUser.id)).filter(r => r.action === 'hidden');
    expect(hiddenRows).toHaveLength(1);
    expect(hiddenRows[0]).toMatchObject({ kind: 'image', checker: 'wechat-media', label: '20002', traceId: check.trace_id });

    // the photo cannot be used for a new sticker
    const again = await sticker(wxUser, { kind: 'image', imageId: up.body.data.id, prompt: '再来一次' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('CONTENT_REJECTED');

    // replayed (even freshly signed) and unknown trace ids change nothing
    const mid = await rowCounts(app);
    expect((await push(event)).status).toBe(200);
    expect((await push({ ...event, trace_id: 'never-issued' })).status).toBe(200);
    expect((await push({ ...event, Event: 'some_other_event' })).status).toBe(200);
    expect(await rowCounts(app)).toEqual(mid);
    expect((await push({ ...event, trace_id: undefined })).status).toBe(400);
  });

  it('a risky verdict that arrives while the sticker converts: the files it writes afterwards stay out of public reach', async () => {
    const owner = await wechatAccount('slow');
    const up = await http(app)
      .post('/api/v1/upload/image')
      .set('Authorization', owner.auth)
      .attach('file', pngBytes(400, 400), { filename: 'b.png', contentType: 'image/png' });
    expect(up.status).toBe(200);
    const check = wx.mediaChecks.at(-1)!;
    // the conversion is held at the GIF engine until the verdict has been applied
    const hold = await holdConversions(app);
    try {
      const created = await sticker(owner, { kind: 'image', imageId: up.body.data.id, prompt: '慢慢转' });
      expect(created.status).toBe(200);
      const jobId = created.body.data.jobId as string;
      await taskStatusBecomes(app, jobId, ['CONVERTING']);
      await hold.reached;
      const verdict = await push(riskyVerdict(check.trace_id, 'openid-slow'));
      expect(verdict.status).toBe(200);
      hold.release();
      const tasks = (await dataSource(app)).getRepository(Task);
      const task = await waitFor('the conversion to finish', async () => {
        const t = await tasks.findOneBy({ jobId });
        return t?.status === 'SUCCEEDED' && t.gifKey ? t : undefined;
      });
      expect(task.hidden).toBe(true);
      for (const key of [task.gifKey, task.thumbKey, task.mp4Key]) expect((await fetchFile(await hold.media.url(key!))).status).toBe(404);
      const detail = await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', owner.auth);
      expect(detail.body.data).toMatchObject({ gifUrl: null, errorMessage: HIDDEN_MESSAGE });
    } finally {
      hold.release();
      hold.restore();
    }
  });

  it('a provider-side rejection shows the same message and refunds in full', async () => {
    const u = await passwordAccount(app);
    const r = await http(app).post('/api/v1/video/create').set('Authorization', u.auth).field('type', 'text_to_video').field('prompt', '违规内容 [sim:reject]');
    expect(r.status).toBe(200);
    const done = await queryUntilDone(app, u.auth, r.body.data.job_id);
    expect(done.data.status).toBe('FAILED');
    expect(done.data.error_message.startsWith(CONTENT_REJECTED_MESSAGE)).toBe(true);
    expect(done.data.error_message).toContain('积分已退回');
    const task = await (await dataSource(app)).getRepository(Task).findOneByOrFail({ jobId: r.body.data.job_id });
    expect(task.errorCode).toBe('CONTENT_REJECTED');
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
  });
});
