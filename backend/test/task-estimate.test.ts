import { Task } from '../src/entity/task.entity';
import { App, dataSource, http, startApp, stopApp } from './support/app';
import { pipelineEnv, queryUntilDone, signUp } from './support/pipeline';

/** Issue 16: the waiting page's "通常约 N 秒" comes from measured runs, not a fixed "1～3 分钟". */
describe('typical duration of a sticker in progress', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(await pipelineEnv());
  });
  afterAll(() => stopApp(app));

  it('is the median of recent finished stickers of the kind, shown only while in progress', async () => {
    const u = await signUp(app);
    const first = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '第一只猫' });
    await queryUntilDone(app, u.auth, first.body.data.jobId);
    const done = await http(app).get(`/api/v1/stickers/${first.body.data.jobId}`).set('Authorization', u.auth);
    expect(done.body.data.typicalSeconds).toBeNull();

    const db = await dataSource(app);
    const recent = await db.getRepository(Task).find({ where: { kind: 'text', status: 'SUCCEEDED' }, order: { id: 'DESC' }, take: 50, withDeleted: true });
    const durations = recent
      .filter(t => t.finishedAt)
      .map(t => (t.finishedAt!.getTime() - t.createdAt.getTime()) / 1000)
      .sort((a, b) => a - b);
    expect(durations.length).toBeGreaterThan(0);

    const second = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '第二只猫' });
    const typical = second.body.data.typicalSeconds as number;
    expect(typical).toBeGreaterThanOrEqual(1);
    expect(typical).toBeGreaterThanOrEqual(Math.round(durations[0]!) - 1);
    expect(typical).toBeLessThanOrEqual(Math.round(durations[durations.length - 1]!) + 1);
    await queryUntilDone(app, u.auth, second.body.data.jobId);
  });
});
