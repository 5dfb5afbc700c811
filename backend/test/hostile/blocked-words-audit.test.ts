import { App, http, startApp, stopApp } from '../support/app';
import { Account, adminAccount } from '../support/rows';

/** Issue 17, point 9: edits of the blocked-word list are in the admin audit log, with the old and the new list. */
describe('blocked-word edits in the audit log', () => {
  let app: App;
  let admin: Account;
  beforeAll(async () => {
    app = await startApp();
    admin = await adminAccount(app);
  });
  afterAll(() => stopApp(app));

  const save = (words: string[], reason?: string) => http(app).put('/api/v1/admin/blocked-words').set('Authorization', admin.auth).send({ words, reason });
  const log = async () =>
    (
      await http(app)
        .get('/api/v1/admin/audit-log')
        .query({ action: 'content.blocked-words', target_type: 'content', actor_id: admin.id })
        .set('Authorization', admin.auth)
        .expect(200)
    ).body.data;

  it('records who changed the list, why, and the list before and after', async () => {
    await save([], '清空').expect(200); // the list is global: on a shared MariaDB database other files saved words
    await save(['紫色河马', '绿色企鹅'], '初始词表').expect(200);
    await save(['绿色企鹅', '蓝色长颈鹿']).expect(200);
    const page = await log();
    expect(page.total).toBe(3);
    const [latest, first] = page.items;
    expect(first).toMatchObject({ actorId: admin.id, actorPhone: admin.phone, targetType: 'content', targetId: 'blocked-words', reason: '初始词表' });
    expect(first.details).toEqual({ added: ['紫色河马', '绿色企鹅'], removed: [], beforeCount: 0, afterCount: 2, before: [], after: ['紫色河马', '绿色企鹅'] });
    expect(latest.details).toEqual({
      added: ['蓝色长颈鹿'],
      removed: ['紫色河马'],
      beforeCount: 2,
      afterCount: 2,
      before: ['紫色河马', '绿色企鹅'],
      after: ['绿色企鹅', '蓝色长颈鹿'],
    });
  });

  it('a refused edit writes no audit record', async () => {
    const before = (await log()).total;
    const r = await http(app).put('/api/v1/admin/blocked-words').set('Authorization', admin.auth).send({ words: 'not a list' });
    expect(r.status).toBe(400);
    expect((await log()).total).toBe(before);
  });
});
