import AdmZip from 'adm-zip';
import { inspectGif, readImageSize } from '../src/media/image';
import { checkPlatformFile } from '../src/media/sticker-platform';
import { App, dataSource, http, startApp, stopApp } from './support/app';
import { ledgerOf } from './support/credit-fixtures';
import { expectLedgerClean, pipelineEnv, signUp, waitFor } from './support/pipeline';
import { pngBytes } from './support/rows';

/**
 * Export for the WeChat sticker platform: from a finished photo pack whose GIFs keep the photo's 4:3 shape (so none
 * fits the platform's 240×240), every main image is re-encoded at the stricter limit, stills are made, every file is
 * checked, and the zip holds exactly what the report lists.
 */
describe('sticker platform export', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ SIM_DELAY_MS: '150', GIF_SQUARE: 'false', DASHSCOPE_MAX_CONCURRENT: '4' }));
  });
  afterEach(() => expectLedgerClean(app));
  afterAll(async () => {
    await stopApp(app);
  });

  async function photoPack(size: number) {
    const u = await signUp(app);
    const l = await ledgerOf(app);
    const [row] = await (await dataSource(app)).query('SELECT id FROM user WHERE phone = ?', [u.phone]);
    await l.credits.grant(row.id, 200, 1, 'export test');
    const up = await http(app)
      .post('/api/v1/upload/image')
      .set('Authorization', u.auth)
      .attach('file', pngBytes(640, 480), { filename: 'a.png', contentType: 'image/png' });
    expect(up.status).toBe(200);
    const labels = ['开心', '难过', '生气', '惊讶', '点赞', '比心', '再见', '收到'].slice(0, size);
    const r = await http(app)
      .post('/api/v1/packs')
      .set('Authorization', u.auth)
      .send({ subject: 'photo', imageId: up.body.data.id, title: '我的照片', stickers: labels.map(label => ({ label })) });
    expect(r.status).toBe(200);
    const packId = r.body.data.packId as string;
    const done = await waitFor(
      `pack ${packId} done`,
      async () => {
        const p = await http(app).get(`/api/v1/packs/${packId}`).set('Authorization', u.auth);
        return p.body.data?.status === 'DONE' ? p.body.data : undefined;
      },
      120000,
      300,
    );
    expect(done.succeeded).toBe(size);
    return { u, packId };
  }

  it('re-encodes stickers that do not fit, checks every file, and zips exactly what was checked', async () => {
    const { u, packId } = await photoPack(8);
    const r = await http(app).post(`/api/v1/packs/${packId}/export`).set('Authorization', u.auth);
    expect(r.status).toBe(200);
    const report = r.body.data;
    expect(report.problems).toEqual([]);
    expect(report.count).toBe(8);
    expect(report.files.filter((f: { role: string }) => f.role === 'main')).toHaveLength(8);
    expect(report.files.filter((f: { role: string }) => f.role === 'thumb')).toHaveLength(8);
    expect(
      report.files
        .map((f: { role: string }) => f.role)
        .filter((x: string) => !['main', 'thumb'].includes(x))
        .sort(),
    ).toEqual(['banner', 'cover', 'icon']);
    for (const f of report.files) expect({ name: f.name, ok: f.ok, problems: f.problems }).toEqual({ name: f.name, ok: true, problems: [] });
    // the pipeline's GIFs keep the photo's 4:3 shape, so every main image was re-encoded, not rejected
    expect(report.files.filter((f: { reencoded: boolean }) => f.reencoded)).toHaveLength(8);
    expect(report.ok).toBe(true);

    const z = await http(app)
      .get(`/api/v1/packs/${packId}/export.zip`)
      .set('Authorization', u.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(z.status).toBe(200);
    expect(z.headers['content-type']).toBe('application/zip');
    const zip = new AdmZip(z.body as Buffer);
    const names = zip.getEntries().map(e => e.entryName);
    expect(names).toEqual([...report.files.map((f: { name: string }) => f.name), '含义词.txt']);
    for (const e of zip.getEntries()) {
      const data = e.getData();
      if (e.entryName.startsWith('main/')) {
        const gif = inspectGif(data);
        expect([gif.width, gif.height, gif.loopCount]).toEqual([240, 240, 0]);
        expect(gif.frames).toBeGreaterThan(1);
        expect(data.length).toBeLessThanOrEqual(500 * 1024);
      } else if (e.entryName === 'banner.png') {
        expect(readImageSize(data, 'image/png')).toEqual({ width: 750, height: 400 });
      } else if (e.entryName.startsWith('thumb/')) {
        expect(readImageSize(data, 'image/png')).toEqual({ width: 120, height: 120 });
      }
    }
    expect(zip.getEntry('含义词.txt')!.getData().toString('utf8')).toContain('01.gif\t开心');
    // the pipeline's GIF is not what the check refused: a 4:3 GIF fails the main-image rule
    const original = await http(app).get(`/api/v1/packs/${packId}`).set('Authorization', u.auth);
    const gifUrl = original.body.data.stickers[0].gifUrl as string;
    const first = Buffer.from(await (await fetch(gifUrl)).arrayBuffer());
    expect(checkPlatformFile('x.gif', 'main', first).problems).toEqual(['尺寸应为 240×240']);
    expect(checkPlatformFile('x.png', 'thumb', first).problems[0]).toBe('不是有效的 PNG 文件');
  }, 240_000);

  it('a 4-sticker pack is reported, and its export zip refused with 422', async () => {
    const { u, packId } = await photoPack(4);
    const r = await http(app).post(`/api/v1/packs/${packId}/export`).set('Authorization', u.auth);
    expect(r.status).toBe(200);
    expect(r.body.data.ok).toBe(false);
    expect(r.body.data.problems[0]).toContain('8、16、24');
    const z = await http(app).get(`/api/v1/packs/${packId}/export.zip`).set('Authorization', u.auth);
    expect([z.status, z.body.code]).toEqual([422, 'EXPORT_INVALID']);
    expect(z.body.message).toMatch(/[\u4e00-\u9fff]/);
  }, 180_000);
});
