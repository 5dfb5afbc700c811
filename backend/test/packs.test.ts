import AdmZip from 'adm-zip';
import { App, dataSource, freshPhone, http, startApp, stopApp } from './support/app';
import { adminAccount } from './support/rows';
import { ledgerOf } from './support/credit-fixtures';
import { credits, expectLedgerClean, fetchFile, pipelineEnv, signUp, taskStatusBecomes, waitFor } from './support/pipeline';

/**
 * Sticker packs through the app API against the provider simulator: one all-or-nothing hold for the pack, each
 * sticker settling or releasing its own share, retries inside the pack, the provider limits holding for 16 stickers.
 * Prices: text 20, image 25, web_search 25; pack discount 10 %; signup bonus 100.
 */
describe('sticker packs', () => {
  let app: App;
  const adminPhone = freshPhone();
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ SIM_DELAY_MS: '200', PACK_DISCOUNT_PERCENT: '10', DASHSCOPE_MAX_CONCURRENT: '2', ADMIN_PHONES: adminPhone }));
  });
  afterEach(() => expectLedgerClean(app));
  afterAll(async () => {
    await stopApp(app);
  });

  const stickers = (labels: string[]) => labels.map(label => ({ label }));

  async function grant(phone: string, amount: number) {
    const l = await ledgerOf(app);
    const [u] = await l.db.query('SELECT id FROM user WHERE phone = ?', [phone]);
    await l.credits.grant(u.id, amount, 1, 'pack test');
  }

  async function rows(sql: string, params: unknown[]) {
    return (await dataSource(app)).query(sql, params);
  }

  async function download(auth: string, path: string) {
    const r = await http(app)
      .get(path)
      .set('Authorization', auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(r.status).toBe(200);
    return { type: r.headers['content-type'], disposition: r.headers['content-disposition'] as string, body: r.body as Buffer };
  }

  async function packDone(auth: string, packId: string, timeoutMs = 60000) {
    return waitFor(
      `pack ${packId} done`,
      async () => {
        const r = await http(app).get(`/api/v1/packs/${packId}`).set('Authorization', auth);
        return r.body.data?.status === 'DONE' ? r.body.data : undefined;
      },
      timeoutMs,
      300,
    );
  }

  it('presets and the quote shown before paying', async () => {
    const u = await signUp(app);
    const p = await http(app).get('/api/v1/packs/presets').set('Authorization', u.auth).expect(200);
    expect(p.body.data.presets.map((x: { label: string }) => x.label)).toEqual(expect.arrayContaining(['开心', '收到', '晚安', '666', '抱抱']));
    expect(p.body.data.sizes).toEqual([4, 8, 16]);
    expect(p.body.data.discountPercent).toBe(10);
    const q = await http(app).get('/api/v1/packs/quote?subject=photo&size=8').set('Authorization', u.auth).expect(200);
    expect(q.body.data).toEqual({ subject: 'photo', size: 8, unitPrice: 25, subtotal: 200, discountPercent: 10, total: 180 });
    const bad = await http(app).get('/api/v1/packs/quote?subject=photo&size=5').set('Authorization', u.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('402 for the whole pack when the balance cannot cover it: nothing written, nothing held', async () => {
    const u = await signUp(app);
    const r = await http(app)
      .post('/api/v1/packs')
      .set('Authorization', u.auth)
      .send({ subject: 'description', description: '一只橘猫', stickers: stickers(['开心', '难过', '生气', '惊讶', '点赞', '比心', '再见', '收到']) });
    expect(r.status).toBe(402);
    expect(r.body.code).toBe('INSUFFICIENT_CREDITS');
    expect(r.body.message).toContain('需要 144 积分');
    expect(r.body.message).toContain('可用 100 积分');
    const [user] = await rows('SELECT id FROM user WHERE phone = ?', [u.phone]);
    expect(await rows('SELECT id FROM sticker_pack WHERE userId = ?', [user.id])).toEqual([]);
    expect(await rows('SELECT id FROM task WHERE userId = ?', [user.id])).toEqual([]);
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
  });

  it('bad input is a 400 with a Chinese message and leaves nothing behind', async () => {
    const u = await signUp(app);
    const send = (body: object) => http(app).post('/api/v1/packs').set('Authorization', u.auth).send(body);
    const cases: Array<[object, string]> = [
      [{ subject: 'cat', stickers: stickers(['开心', '难过', '生气', '惊讶']) }, 'VALIDATION_FAILED'],
      [{ subject: 'description', description: '一只猫', stickers: stickers(['开心', '难过', '生气']) }, 'VALIDATION_FAILED'],
      [{ subject: 'description', stickers: stickers(['开心', '难过', '生气', '惊讶']) }, 'VALIDATION_FAILED'],
      [{ subject: 'photo', stickers: stickers(['开心', '难过', '生气', '惊讶']) }, 'IMAGE_INVALID'],
      [{ subject: 'character', stickers: stickers(['开心', '难过', '生气', '惊讶']) }, 'VALIDATION_FAILED'],
      [
        {
          subject: 'description',
          description: '一只猫',
          stickers: [{ label: '开心', caption: '这是一个非常非常非常非常长的配字超过了十六个字' }, ...stickers(['难过', '生气', '惊讶'])],
        },
        'CAPTION_TOO_LONG',
      ],
      [{ subject: 'description', description: '一只猫', stickers: 'all' }, 'VALIDATION_FAILED'],
      [
        {
          subject: 'description',
          description: '一只猫',
          captionStyle: { position: 'left', color: 'white' },
          stickers: stickers(['开心', '难过', '生气', '惊讶']),
        },
        'VALIDATION_FAILED',
      ],
    ];
    for (const [body, code] of cases) {
      const r = await send(body);
      expect([r.status, r.body.code]).toEqual([400, code]);
      expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const [user] = await rows('SELECT id FROM user WHERE phone = ?', [u.phone]);
    expect(await rows('SELECT id FROM sticker_pack WHERE userId = ?', [user.id])).toEqual([]);
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
  });

  it('each sticker settles or releases its own share; a failed one is retried in its slot; then the pack is deleted', async () => {
    const u = await signUp(app);
    // 4 text stickers: 80 less 10 % = 72, shares 18 each; the second one fails at the provider
    const r = await http(app)
      .post('/api/v1/packs')
      .set('Authorization', u.auth)
      .send({
        subject: 'description',
        description: '一只戴围巾的橘猫',
        title: '橘猫日常',
        stickers: [
          { label: '开心', caption: '今天真开心' },
          { label: '翻车', action: '摔了一跤 [sim:fail]' },
          { label: '收到' },
          { label: '晚安', caption: '' },
        ],
      });
    expect(r.status).toBe(200);
    const pack = r.body.data;
    expect(pack).toMatchObject({ title: '橘猫日常', size: 4, credits: 72, status: 'ACTIVE' });
    expect(pack.quote).toMatchObject({ subtotal: 80, total: 72 });
    expect(pack.stickers.map((s: { caption: string | null }) => s.caption)).toEqual(['今天真开心', '翻车', '收到', null]);
    expect(pack.stickers.map((s: { credits: number }) => s.credits)).toEqual([18, 18, 18, 18]);
    expect(await credits(app, u.auth)).toEqual({ available: 28, frozen: 72 });
    const early = await http(app).get(`/api/v1/packs/${pack.packId}/zip`).set('Authorization', u.auth);
    expect([early.status, early.body.code]).toEqual([409, 'PACK_NOT_READY']);

    const done = await packDone(u.auth, pack.packId);
    expect(done.stickers.map((s: { status: string }) => s.status)).toEqual(['SUCCEEDED', 'FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(done).toMatchObject({ succeeded: 3, failed: 1 });
    expect(done.coverUrl).toMatch(/\.jpg$/);
    expect(done.stickers[0].gifUrl).toMatch(/\.gif$/);
    // three shares settled, the failed one's share came back
    expect(await credits(app, u.auth)).toEqual({ available: 28 + 18, frozen: 0 });

    const failedJob = done.stickers[1].jobId;
    const retry = await http(app).post(`/api/v1/packs/${pack.packId}/stickers/1/retry`).set('Authorization', u.auth);
    expect(retry.status).toBe(200);
    expect(retry.body.data.status).toBe('ACTIVE');
    expect(retry.body.data.stickers[1].jobId).not.toBe(failedJob);
    expect(retry.body.data.stickers[1].credits).toBe(18);
    expect(await credits(app, u.auth)).toEqual({ available: 28, frozen: 18 });
    const [task] = await rows('SELECT retryOf, packSlot FROM task WHERE jobId = ?', [retry.body.data.stickers[1].jobId]);
    expect(task).toMatchObject({ retryOf: failedJob, packSlot: 1 });
    // the replaced sticker cannot be retried again (its slot has a newer one), nor can a finished one
    const twice = await http(app).post(`/api/v1/stickers/${failedJob}/retry`).set('Authorization', u.auth);
    expect([twice.status, twice.body.code]).toEqual([409, 'TASK_NOT_RETRYABLE']);
    const refused = await http(app).post(`/api/v1/packs/${pack.packId}/stickers/0/retry`).set('Authorization', u.auth);
    expect([refused.status, refused.body.code]).toEqual([409, 'TASK_NOT_RETRYABLE']);

    const again = await packDone(u.auth, pack.packId);
    expect(again.stickers[1].status).toBe('FAILED'); // the action still carries the failure marker
    expect(await credits(app, u.auth)).toEqual({ available: 46, frozen: 0 });

    // the zip: every finished sticker, named by slot and expression, the stored GIF's exact bytes
    const zip = await download(u.auth, `/api/v1/packs/${pack.packId}/zip`);
    expect(zip.type).toBe('application/zip');
    expect(zip.disposition).toContain(encodeURIComponent('橘猫日常.zip'));
    const entries = new AdmZip(zip.body).getEntries();
    expect(entries.map(e => e.entryName)).toEqual(['01-开心.gif', '03-收到.gif', '04-晚安.gif']);
    const stored = await fetchFile(again.stickers[0].gifUrl);
    expect(entries[0]!.getData().equals(stored.body)).toBe(true);

    const list = await http(app).get('/api/v1/packs').set('Authorization', u.auth).expect(200);
    expect(list.body.data.items.map((p: { packId: string }) => p.packId)).toEqual([pack.packId]);
    await http(app).delete(`/api/v1/packs/${pack.packId}`).set('Authorization', u.auth).expect(200);
    const after = await http(app).get(`/api/v1/packs/${pack.packId}`).set('Authorization', u.auth);
    expect([after.status, after.body.code]).toEqual([404, 'NOT_FOUND']);
    const mine = await http(app).get('/api/v1/stickers').set('Authorization', u.auth).expect(200);
    expect(mine.body.data.total).toBe(0);
  }, 180_000);

  it('a 16-sticker character pack queues behind the provider limit and shares one description', async () => {
    const u = await signUp(app);
    await grant(u.phone, 400);
    const labels = ['开心', '难过', '生气', '惊讶', '点赞', '比心', '再见', '收到', '谢谢', '晚安', '疑问', '加油', '666', '哈哈哈', '无语', '抱抱'];
    const r = await http(app)
      .post('/api/v1/packs')
      .set('Authorization', u.auth)
      .send({ subject: 'character', role: '孙悟空', source: '西游记', stickers: stickers(labels) });
    expect(r.status).toBe(200);
    const packId = r.body.data.packId;
    expect(r.body.data.credits).toBe(360); // 16 × 25 less 10 %
    // a pack's stickers do not count against the per-user cap on single stickers
    const single = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '一只猫' });
    expect(single.status).toBe(200);

    let most = 0;
    const limit = 2;
    await waitFor(
      '16 stickers done',
      async () => {
        const [n] = await rows("SELECT COUNT(*) AS n FROM task WHERE provider = 'dashscope' AND status IN ('PENDING','RUNNING')", []);
        most = Math.max(most, Number(n.n));
        const r2 = await http(app).get(`/api/v1/packs/${packId}`).set('Authorization', u.auth);
        return r2.body.data.status === 'DONE';
      },
      120000,
      100,
    );
    expect(most).toBeLessThanOrEqual(limit);
    const done = (await http(app).get(`/api/v1/packs/${packId}`).set('Authorization', u.auth)).body.data;
    expect(done.succeeded).toBe(16);
    const [pack] = await rows('SELECT id, description FROM sticker_pack WHERE packId = ?', [packId]);
    expect(pack.description).toContain('孙悟空的形象');
    const prompts = await rows('SELECT providerPrompt FROM task WHERE packId = ?', [pack.id]);
    expect(prompts).toHaveLength(16);
    for (const p of prompts) expect(p.providerPrompt).toContain(pack.description);
    await taskStatusBecomes(app, single.body.data.jobId, ['SUCCEEDED']);
  }, 180_000);

  it('admins edit the expression presets; new packs use their actions and captions', async () => {
    const admin = await adminAccount(app, adminPhone);
    const u = await signUp(app);
    const list = [
      { label: '摸鱼', action: '趴在桌上偷偷玩手机', caption: '摸鱼中' },
      { label: '开工', action: '撸起袖子准备干活', caption: '' },
      { label: '下班', action: '背起包飞奔出门', caption: '下班！' },
      { label: '干饭', action: '端着大碗狼吞虎咽', caption: '干饭人' },
    ];
    try {
      const refused = await http(app).put('/api/v1/admin/pack-presets').set('Authorization', u.auth).send({ presets: list });
      expect(refused.status).toBe(403);
      for (const bad of [
        { presets: list.slice(0, 3) },
        { presets: [...list.slice(0, 3), list[0]] },
        { presets: 'x' },
        { presets: [...list.slice(0, 3), { label: '太长', action: 'a', caption: '一二三四五六七八九十一二三四五六七' }] },
      ]) {
        const r = await http(app).put('/api/v1/admin/pack-presets').set('Authorization', admin.auth).send(bad);
        expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const saved = await http(app).put('/api/v1/admin/pack-presets').set('Authorization', admin.auth).send({ presets: list, reason: '办公室主题' });
      expect(saved.status).toBe(200);
      // audited like the blocked words: who, why, the old list and the new one
      const [audit] = await rows('SELECT actorId, reason, details FROM admin_audit WHERE action = ? ORDER BY id DESC LIMIT 1', ['content.pack-presets']);
      expect(audit).toMatchObject({ actorId: admin.id, reason: '办公室主题' });
      const details = typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details;
      expect(details.after).toEqual(list);
      expect(details.before.length).toBeGreaterThan(0);
      const p = await http(app).get('/api/v1/packs/presets').set('Authorization', u.auth).expect(200);
      expect(p.body.data.presets).toEqual(list);

      const captionStyle = { position: 'top', color: 'yellow' };
      const r = await http(app)
        .post('/api/v1/packs')
        .set('Authorization', u.auth)
        .send({ subject: 'description', description: '一只柴犬', captionStyle, stickers: stickers(['摸鱼', '开工', '下班', '干饭']) });
      expect(r.status).toBe(200);
      expect(r.body.data.stickers.map((s: { caption: string | null }) => s.caption)).toEqual(['摸鱼中', null, '下班！', '干饭人']);
      // one caption style for the whole pack, stored on every sticker
      const styles = await rows(
        'SELECT captionPosition, captionColor FROM task WHERE packId IS NOT NULL AND jobId IN (?, ?, ?, ?)',
        r.body.data.stickers.map((s: { jobId: string }) => s.jobId),
      );
      expect(styles).toEqual(Array(4).fill({ captionPosition: 'top', captionColor: 'yellow' }));
      const [first] = await rows('SELECT prompt FROM task WHERE jobId = ?', [r.body.data.stickers[0].jobId]);
      expect(first.prompt).toBe('一只柴犬，趴在桌上偷偷玩手机');
      await packDone(u.auth, r.body.data.packId);
    } finally {
      await (await dataSource(app)).query('DELETE FROM pack_preset'); // back to the shipped defaults for other tests
    }
  }, 120_000);
});
