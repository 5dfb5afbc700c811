import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freshModuleRegistry } from './support/fresh-registry';
import { pipelineEnv } from './support/pipeline';

/**
 * A backend stops while a task is CONVERTING; a new one starts on the same database. The new instance
 * takes the task over when the old lease runs out and completes it exactly once (one settle entry).
 * Two apps in one file need a fresh module registry each (Midway registers classes per registry).
 */
describe('pipeline: restart in the middle of a conversion', () => {
  it('completes the task once after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-restart-'));
    const env = await pipelineEnv({
      PIPELINE_LEASE_SECONDS: '2',
      ...(process.env.DB_TYPE === 'mysql' ? {} : { DB_PATH: path.join(dir, 'app.sqlite') }),
    });

    // first instance: hold every conversion forever, as if the process died mid-conversion
    const first = await import('./support/app');
    const pipe1 = await import('./support/pipeline');
    const app1 = await first.startApp(env);
    const { StickerMediaService } = await import('../src/service/pipeline/sticker-media.service');
    const media1 = await app1.getApplicationContext().getAsync(StickerMediaService);
    let reachedConvert = false;
    jest.spyOn(media1.engine, 'convert').mockImplementation(() => {
      reachedConvert = true;
      return new Promise(() => undefined);
    });
    const u = await pipe1.signUp(app1);
    const created = await first.http(app1).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '重启也能完成' });
    const jobId = created.body.data.jobId as string;
    await pipe1.taskStatusBecomes(app1, jobId, ['CONVERTING']);
    await pipe1.waitFor('the conversion to start', async () => reachedConvert);
    await first.stopApp(app1);

    // second instance on the same database, in a fresh module registry
    freshModuleRegistry();
    const second = await import('./support/app');
    const pipe2 = await import('./support/pipeline');
    const app2 = await second.startApp(env);
    try {
      expect(await pipe2.taskStatusBecomes(app2, jobId, ['SUCCEEDED', 'FAILED'], 30000)).toBe('SUCCEEDED');
      const db = await second.dataSource(app2);
      const settles = await db.query(`SELECT COUNT(*) AS n FROM credit_entry WHERE type = 'settle' AND referenceId = ?`, [jobId]);
      expect(Number(settles[0].n)).toBe(1);
      const resumed = await pipe2.events(app2, jobId);
      expect(resumed.map(e => e.type)).toContain('convert_resumed');
      const q = await second.http(app2).get(`/api/v1/video/query/${jobId}`).set('Authorization', u.auth);
      expect(q.body.data.status).toBe('SUCCEEDED');
      expect(await pipe2.credits(app2, u.auth)).toEqual({ available: 80, frozen: 0 });
      await pipe2.expectLedgerClean(app2);
    } finally {
      await second.stopApp(app2);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
