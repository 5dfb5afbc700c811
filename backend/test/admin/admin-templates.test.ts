/**
 * "做同款" templates: admins create, edit, order and hide them (each change in the audit log); the public
 * list shows the visible ones in order with their example sticker; bad input is a 400 that writes nothing.
 */
import { AdminAudit } from '../../src/entity/admin-audit.entity';
import { Template } from '../../src/entity/template.entity';
import { stickerKey } from '../../src/storage/keys';
import { App, dataSource, freshPhone, http, startApp, stopApp } from '../support/app';
import { insertTask, ownPort } from './seed';
import { promoteToAdmin } from '../support/rows';

const PASSWORD = 'secret123';

describe('templates: admin console API and the public list', () => {
  let app: App;
  const adminPhone = freshPhone();
  let admin: { id: number; auth: string };
  let user: { id: number; auth: string };

  async function signUp(phone = freshPhone()) {
    await http(app).post('/api/v1/users/register').field('phone', phone).field('password', PASSWORD).expect(200);
    const login = await http(app).post('/api/v1/users/login').field('phone', phone).field('password', PASSWORD);
    const token = login.body.data.token as string;
    const me = await http(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
    return { id: me.body.data.id as number, auth: `Bearer ${token}` };
  }
  const post = (path: string, body: object = {}, auth = admin.auth) => http(app).post(path).set('Authorization', auth).send(body);
  const put = (path: string, body: object) => http(app).put(path).set('Authorization', admin.auth).send(body);
  const publicList = async () => (await http(app).get('/api/v1/templates').expect(200)).body.data as Array<{ id: number; title: string }>;
  const audits = async (targetId: number) =>
    (await (await dataSource(app)).getRepository(AdminAudit).find({ where: { targetType: 'template', targetId: String(targetId) }, order: { id: 'ASC' } })).map(
      a => a.action,
    );
  const templateCount = async () => (await dataSource(app)).getRepository(Template).count();

  beforeAll(async () => {
    app = await startApp({ ADMIN_PHONES: adminPhone, ...(await ownPort()) });
    admin = await signUp(adminPhone);
    await promoteToAdmin(app, admin.id);
    user = await signUp();
  });
  afterAll(() => stopApp(app));

  it('only admins manage templates', async () => {
    expect((await http(app).get('/api/v1/admin/templates')).status).toBe(401);
    const r = await post('/api/v1/admin/templates', { kind: 'text', title: 'x', prompt: 'y' }, user.auth);
    expect(r.status).toBe(403);
  });

  it('creates, edits, orders and hides templates, audited; the home list follows', async () => {
    const db = await dataSource(app);
    const created = new Date('2026-01-15T00:00:00Z');
    const example = await insertTask(db, {
      userId: user.id,
      kind: 'image',
      mode: 'i2v',
      prompt: '挥手',
      caption: '拜拜',
      createdAt: created,
      gifKey: stickerKey('ex1', 'gif', created),
      thumbKey: stickerKey('ex1', 'jpg', created),
    });
    const a = await post('/api/v1/admin/templates', {
      kind: 'image',
      title: '挥手拜拜',
      prompt: '开心地挥手说再见',
      caption: '拜拜',
      captionStyle: { position: 'top', color: 'yellow' },
      exampleJobId: example.jobId,
    });
    expect(a.status).toBe(200);
    expect(a.body.data).toMatchObject({
      kind: 'image',
      title: '挥手拜拜',
      prompt: '开心地挥手说再见',
      caption: '拜拜',
      captionStyle: { position: 'top', color: 'yellow' },
      exampleJobId: example.jobId,
      hidden: false,
      position: expect.any(Number),
    });
    expect(a.body.data.exampleGifUrl).toMatch(/ex1\.gif$/);
    const b = await post('/api/v1/admin/templates', {
      kind: 'web_search',
      title: '悟空点赞',
      role: '孙悟空',
      source: '西游记',
      prompt: '竖起大拇指',
      caption: '666',
    });
    expect(b.status).toBe(200);
    expect(b.body.data).toMatchObject({ role: '孙悟空', source: '西游记', captionStyle: { position: 'bottom', color: 'white' }, exampleGifUrl: null });
    const idA = a.body.data.id as number;
    const idB = b.body.data.id as number;

    const order = async () => (await publicList()).map(t => t.id).filter(id => id === idA || id === idB);
    expect(await order()).toEqual([idA, idB]); // new ones go last

    expect((await post(`/api/v1/admin/templates/${idB}/move`, { direction: 'top' })).body.data).toEqual({ id: idB, position: 1 });
    expect(await order()).toEqual([idB, idA]);

    const edited = await put(`/api/v1/admin/templates/${idA}`, {
      kind: 'image',
      title: '挥手再见',
      prompt: '挥手',
      caption: '再见',
      captionStyle: { position: 'middle', color: 'red' },
      exampleJobId: example.jobId,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({ title: '挥手再见', caption: '再见', captionStyle: { position: 'middle', color: 'red' } });

    const hide = await post(`/api/v1/admin/templates/${idA}/visibility`, { hidden: true });
    expect(hide.body.data.hidden).toBe(true);
    expect(await order()).toEqual([idB]);
    expect((await http(app).get(`/api/v1/templates/${idA}`)).status).toBe(404);
    const one = await http(app).get(`/api/v1/templates/${idB}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ id: idB, kind: 'web_search', role: '孙悟空', prompt: '竖起大拇指' });
    // hiding twice changes nothing and records nothing
    await post(`/api/v1/admin/templates/${idA}/visibility`, { hidden: true }).expect(200);
    await post(`/api/v1/admin/templates/${idA}/visibility`, { hidden: false }).expect(200);

    expect(await audits(idA)).toEqual(['template.create', 'template.update', 'template.hide', 'template.show']);
    expect(await audits(idB)).toEqual(['template.create', 'template.move']);
    const log = await http(app)
      .get('/api/v1/admin/audit-log')
      .query({ target_type: 'template', target_id: String(idB) })
      .set('Authorization', admin.auth);
    expect(log.status).toBe(200);
    expect(log.body.data.items.map((x: { action: string }) => x.action)).toEqual(['template.move', 'template.create']);
  });

  it('refuses bad input with a 400 and writes nothing', async () => {
    const before = await templateCount();
    const cases: Array<[object, string]> = [
      [{ kind: 'video', title: 't', prompt: 'p' }, 'kind'],
      [{ kind: 'text', title: '', prompt: 'p' }, '名称'],
      [{ kind: 'text', title: 't', prompt: '' }, '描述'],
      [{ kind: 'web_search', title: 't', prompt: '跳舞' }, '角色'],
      [{ kind: 'text', title: 't', prompt: 'p', caption: '晚安🌙' }, '表情符号'],
      [{ kind: 'text', title: 't', prompt: 'p', captionStyle: { position: 'left' } }, '配字位置'],
      [{ kind: 'text', title: 't', prompt: 'p', exampleJobId: 'job_000000000000000000000000' }, '示例'],
    ];
    for (const [body, words] of cases) {
      const r = await post('/api/v1/admin/templates', body);
      expect(r.status).toBe(400);
      expect(r.body.message).toContain(words);
    }
    const failed = await insertTask(await dataSource(app), { userId: user.id, status: 'FAILED' });
    const r = await post('/api/v1/admin/templates', { kind: 'text', title: 't', prompt: 'p', exampleJobId: failed.jobId });
    expect(r.status).toBe(409);
    expect(await templateCount()).toBe(before);
    expect((await post('/api/v1/admin/templates/999999/move', { direction: 'up' })).status).toBe(404);
    expect((await http(app).get('/api/v1/templates/abc')).status).toBe(404);
  });
});
