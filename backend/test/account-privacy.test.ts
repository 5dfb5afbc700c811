import { Task } from '../src/entity/task.entity';
import { User } from '../src/entity/user.entity';
import { CreditEntry } from '../src/entity/credit-entry.entity';
import { Upload } from '../src/entity/upload.entity';
import { App, dataSource, freshPhone, http, startApp, stopApp } from './support/app';
import { expectLedgerClean, fetchFile, pipelineEnv, queryUntilDone, signUp } from './support/pipeline';
import { adminAccount, pngBytes } from './support/rows';

/** Issue 16: the owner's "允许展示" switch for the showcase, and 注销账号. */
describe('privacy: showcase permission and account deletion', () => {
  let app: App;
  const adminPhone = freshPhone();
  let admin: string;

  beforeAll(async () => {
    app = await startApp(await pipelineEnv());
    admin = (await adminAccount(app, adminPhone)).auth;
  });
  afterAll(() => stopApp(app));

  async function photoSticker(auth: string): Promise<{ jobId: string; uploadId: string }> {
    const up = await http(app)
      .post('/api/v1/upload/image')
      .set('Authorization', auth)
      .attach('file', pngBytes(), { filename: 'a.png', contentType: 'image/png' });
    expect(up.status).toBe(200);
    const made = await http(app)
      .post('/api/v1/stickers')
      .set('Authorization', auth)
      .send({ kind: 'image', imageId: up.body.data.id, prompt: '我的脸在笑', caption: '私人' });
    expect(made.status).toBe(200);
    expect((await queryUntilDone(app, auth, made.body.data.jobId)).data.status).toBe('SUCCEEDED');
    return { jobId: made.body.data.jobId, uploadId: up.body.data.id };
  }

  const feature = (jobId: string) => http(app).post(`/api/v1/admin/tasks/${jobId}/showcase`).set('Authorization', admin).send({ featured: true });
  const showcaseIds = async () => (await http(app).get('/api/v1/showcase?page_size=100')).body.data.items.map((i: { jobId: string }) => i.jobId);

  it('a photo sticker cannot be featured until its owner allows it; withdrawing takes it off the home page', async () => {
    const u = await signUp(app);
    const { jobId } = await photoSticker(u.auth);
    const detail = await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', u.auth);
    expect(detail.body.data.showcaseAllowed).toBe(false);

    const refused = await feature(jobId);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('作者未允许展示');

    const allow = await http(app).post(`/api/v1/stickers/${jobId}/showcase-permission`).set('Authorization', u.auth).send({ allowed: true });
    expect(allow.status).toBe(200);
    expect(allow.body.data.showcaseAllowed).toBe(true);
    expect((await feature(jobId)).status).toBe(200);
    expect(await showcaseIds()).toContain(jobId);

    const withdraw = await http(app).post(`/api/v1/stickers/${jobId}/showcase-permission`).set('Authorization', u.auth).send({ allowed: false });
    expect(withdraw.status).toBe(200);
    expect(await showcaseIds()).not.toContain(jobId);
    const row = await (await dataSource(app)).getRepository(Task).findOneByOrFail({ jobId });
    expect([row.showcase, row.showcaseAllowed]).toEqual([false, false]);

    const bad = await http(app).post(`/api/v1/stickers/${jobId}/showcase-permission`).set('Authorization', u.auth).send({ allowed: 'maybe' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const other = await signUp(app);
    const notMine = await http(app).post(`/api/v1/stickers/${jobId}/showcase-permission`).set('Authorization', other.auth).send({ allowed: true });
    expect(notMine.status).toBe(404);
  });

  it('a text sticker is allowed by default (no photo of the user in it)', async () => {
    const u = await signUp(app);
    const made = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '一只跳舞的猫' });
    expect(made.body.data.showcaseAllowed).toBe(true);
    await queryUntilDone(app, u.auth, made.body.data.jobId);
  });

  it('deletes an account: confirmation needed, files gone, tokens revoked, personal data erased, ledger kept', async () => {
    const u = await signUp(app);
    const { jobId, uploadId } = await photoSticker(u.auth);
    await http(app).post(`/api/v1/stickers/${jobId}/showcase-permission`).set('Authorization', u.auth).send({ allowed: true }).expect(200);
    expect((await feature(jobId)).status).toBe(200);
    const view = (await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', u.auth)).body.data;
    expect((await fetchFile(view.gifUrl)).status).toBe(200);
    const db = await dataSource(app);
    const me = await http(app).get('/api/v1/users/me').set('Authorization', u.auth);
    const userId = me.body.data.id as number;
    const entriesBefore = await db.getRepository(CreditEntry).find({ where: { userId }, order: { id: 'ASC' } });
    expect(entriesBefore.some(e => e.description.includes('我的脸在笑'))).toBe(true);

    const unconfirmed = await http(app).delete('/api/v1/users/me').set('Authorization', u.auth).send({});
    expect([unconfirmed.status, unconfirmed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await http(app).get('/api/v1/users/me').set('Authorization', u.auth)).status).toBe(200);

    const gone = await http(app).delete('/api/v1/users/me').set('Authorization', u.auth).send({ confirm: '注销' });
    expect(gone.status).toBe(200);
    expect(gone.body.code).toBe('OK');

    // every stored file of the account is gone, and the old token no longer works
    for (const url of [view.gifUrl, view.mp4Url, view.thumbnailUrl]) expect((await fetchFile(url)).status).toBe(404);
    expect((await http(app).get('/api/v1/users/me').set('Authorization', u.auth)).status).toBe(401);
    const relogin = await http(app).post('/api/v1/users/login').field('phone', u.phone).field('password', 'secret123');
    expect(relogin.status).toBe(401);

    // personal data erased; the ledger keeps every amount for audit but no prompt
    const user = await db.getRepository(User).findOneByOrFail({ id: userId });
    expect([user.phone, user.passwordHash, user.openid, user.disabled]).toEqual([`deleted_${userId}`, null, null, true]);
    const task = await db.getRepository(Task).findOneOrFail({ where: { jobId }, withDeleted: true });
    expect([task.prompt, task.caption, task.imageKey, task.gifKey, task.mp4Key, task.thumbKey, task.showcase]).toEqual([
      '',
      null,
      null,
      null,
      null,
      null,
      false,
    ]);
    expect(task.deletedAt).not.toBeNull();
    expect(await db.getRepository(Upload).findOneBy({ id: uploadId })).toBeNull();
    expect(await showcaseIds()).not.toContain(jobId);
    const entriesAfter = await db.getRepository(CreditEntry).find({ where: { userId }, order: { id: 'ASC' } });
    expect(entriesAfter.map(e => [e.id, e.type, e.amount, e.idemKey])).toEqual(entriesBefore.map(e => [e.id, e.type, e.amount, e.idemKey]));
    expect(entriesAfter.every(e => !e.description.includes('我的脸在笑'))).toBe(true);
    await expectLedgerClean(app);

    // the phone number is free again: a new sign-up starts a fresh account
    await http(app).post('/api/v1/users/register').field('phone', u.phone).field('password', 'secret123').expect(200);
  });

  it('refuses to delete an account while one of its stickers is still being made', async () => {
    const u = await signUp(app);
    const made = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '一只跳舞的猫' });
    const busy = await http(app).delete('/api/v1/users/me').set('Authorization', u.auth).send({ confirm: '注销' });
    expect([busy.status, busy.body.code]).toEqual([409, 'ACCOUNT_BUSY']);
    expect((await http(app).get('/api/v1/users/me').set('Authorization', u.auth)).status).toBe(200);
    await queryUntilDone(app, u.auth, made.body.data.jobId);
    await expectLedgerClean(app);
  });
});
