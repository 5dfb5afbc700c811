import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ffmpegPaths } from '../src/media/ffmpeg';
import { inspectGif } from '../src/media/image';
import { App, http, startApp, stopApp } from './support/app';
import { credits, expectLedgerClean, fetchFile, pipelineEnv, queryUntilDone, signUp } from './support/pipeline';

/** A real PNG made with ffmpeg (a test pattern), as bytes. */
function pngBytes(w = 480, h = 480): Buffer {
  return execFileSync(
    ffmpegPaths().ffmpeg,
    ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', '-'],
    {
      maxBuffer: 20 * 1024 * 1024,
    },
  );
}

describe('pipeline: each sticker kind from request to stored GIF (simulator)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(await pipelineEnv());
  });
  afterEach(() => expectLedgerClean(app));
  afterAll(async () => {
    await stopApp(app);
  });

  async function expectGif(url: string) {
    const f = await fetchFile(url);
    expect(f.status).toBe(200);
    expect(f.type).toBe('image/gif');
    const info = inspectGif(f.body);
    expect(info.loopCount).toBe(0); // loops forever
    expect(info.frames).toBeGreaterThan(10);
    expect(f.body.length).toBeLessThanOrEqual(1048576);
    return info;
  }

  it('text_to_video through seed 001: multipart create → query → GIF, 20 credits spent', async () => {
    const u = await signUp(app);
    const created = await http(app)
      .post('/api/v1/video/create')
      .set('Authorization', u.auth)
      .field('type', 'text_to_video')
      .field('prompt', '一只可爱的猫在打篮球')
      .field('size', '624*624');
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ code: 200, message: '任务创建成功', data: { job_id: expect.stringMatching(/^job_[0-9a-f]{24}$/) } });
    const jobId = created.body.data.job_id as string;

    const during = await credits(app, u.auth);
    expect(during).toEqual({ available: 80, frozen: 20 });

    const done = await queryUntilDone(app, u.auth, jobId);
    expect(done.code).toBe(200);
    expect(done.data.status).toBe('SUCCEEDED');
    expect(done.data.job_id).toBe(jobId);
    expect(done.data.video_url).toMatch(/\.gif$/);
    await expectGif(done.data.video_url);
    expect((await fetchFile(done.data.thumbnail_url)).type).toBe('image/jpeg');
    expect((await fetchFile(done.data.mp4_url)).type).toBe('video/mp4');

    expect(await credits(app, u.auth)).toEqual({ available: 80, frozen: 0 });
    const tx = await http(app).get('/api/v1/credits/transactions').set('Authorization', u.auth);
    const types = tx.body.data.items.map((e: { type: string }) => e.type);
    expect(types.slice(0, 2)).toEqual(['settle', 'freeze']);
  });

  it('image_to_video with a Data URI, and with an uploaded image id plus a caption', async () => {
    const u = await signUp(app);
    const png = pngBytes();
    const a = await http(app)
      .post('/api/v1/video/create')
      .set('Authorization', u.auth)
      .field('type', 'image_to_video')
      .field('prompt', '轻轻摇摆')
      .field('img_base64', `data:image/png;base64,${png.toString('base64')}`);
    expect(a.status).toBe(200);

    const up = await http(app).post('/api/v1/upload/image').set('Authorization', u.auth).attach('file', png, { filename: 'a.png', contentType: 'image/png' });
    expect(up.status).toBe(200);
    expect(up.body.data).toMatchObject({ id: expect.stringMatching(/^up_/), width: 480, height: 480, mime: 'image/png' });
    const b = await http(app)
      .post('/api/v1/stickers')
      .set('Authorization', u.auth)
      .send({ kind: 'image', imageId: up.body.data.id, prompt: '开心地跳起来', caption: '冲鸭' });
    expect(b.status).toBe(200);
    expect(b.body.data.status).toBe('QUEUED');

    for (const jobId of [a.body.data.job_id, b.body.data.jobId]) {
      const done = await queryUntilDone(app, u.auth, jobId);
      expect(done.data.status).toBe('SUCCEEDED');
      await expectGif(done.data.video_url);
    }
    expect(await credits(app, u.auth)).toEqual({ available: 50, frozen: 0 });

    const list = await http(app).get('/api/v1/stickers?page=1&page_size=10').set('Authorization', u.auth);
    expect(list.body.data.total).toBe(2);
    expect(list.body.data.items.every((s: { status: string; gifUrl: string }) => s.status === 'SUCCEEDED' && s.gifUrl)).toBe(true);
    const withCaption = list.body.data.items.find((s: { caption: string | null }) => s.caption === '冲鸭');
    expect(withCaption.kind).toBe('image');
  });

  it('web-search sticker: Qwen describes the role, then text-to-video runs on the description', async () => {
    const u = await signUp(app);
    const r = await http(app)
      .post('/api/v1/video/create_with_prompt')
      .set('Authorization', u.auth)
      .field('role', '孙悟空')
      .field('source', '西游记')
      .field('action', '正在跳舞')
      .field('size', '624*624');
    expect(r.status).toBe(200);
    const done = await queryUntilDone(app, u.auth, r.body.data.job_id);
    expect(done.data.status).toBe('SUCCEEDED');
    await expectGif(done.data.video_url);
    const detail = await http(app).get(`/api/v1/stickers/${r.body.data.job_id}`).set('Authorization', u.auth);
    expect(detail.body.data.kind).toBe('web_search');
    expect(detail.body.data.prompt).toContain('孙悟空');
    expect(await credits(app, u.auth)).toEqual({ available: 75, frozen: 0 });
  });

  it('answers an unknown or someone else’s job id with the contract’s UNKNOWN body', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    const created = await http(app).post('/api/v1/video/create').set('Authorization', owner.auth).field('type', 'text_to_video').field('prompt', '小狗挥手');
    const jobId = created.body.data.job_id;
    const foreign = await http(app).get(`/api/v1/video/query/${jobId}`).set('Authorization', other.auth);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ code: 500, message: '任务不存在', data: { job_id: jobId, status: 'UNKNOWN' } });
    const unknown = await http(app).get('/api/v1/video/query/job_invalid_id').set('Authorization', owner.auth);
    expect(unknown.body).toEqual({ code: 500, message: '任务不存在', data: { job_id: 'job_invalid_id', status: 'UNKNOWN' } });
    expect((await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', other.auth)).status).toBe(404);
    await queryUntilDone(app, owner.auth, jobId);
  });

  it('rejects bad create requests with 4xx and writes nothing', async () => {
    const u = await signUp(app);
    const cases: Array<[Record<string, string>, number]> = [
      [{ type: 'video', prompt: 'x' }, 400],
      [{ type: 'text_to_video' }, 400],
      [{ type: 'text_to_video', prompt: 'x', size: '100*100' }, 400],
      [{ type: 'image_to_video', prompt: 'x' }, 400],
      [{ type: 'image_to_video', prompt: 'x', img_base64: 'data:image/png;base64,@@@@' }, 400],
      [{ type: 'image_to_video', prompt: 'x', img_base64: `data:image/gif;base64,${Buffer.from('GIF89a').toString('base64')}` }, 400],
      [
        {
          type: 'image_to_video',
          prompt: 'x',
          img_base64: `data:image/png;base64,${Buffer.from('not really a png at all, just text '.repeat(100)).toString('base64')}`,
        },
        400,
      ],
      [{ type: 'text_to_video', prompt: 'x', caption: '这是一个超过十六个字的表情包配字会被拒绝' }, 400],
    ];
    for (const [fields, status] of cases) {
      let req = http(app).post('/api/v1/video/create').set('Authorization', u.auth);
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      const r = await req;
      expect({ fields, status: r.status }).toEqual({ fields, status });
      expect(typeof r.body.error).toBe('string');
    }
    const list = await http(app).get('/api/v1/stickers').set('Authorization', u.auth);
    expect(list.body.data.total).toBe(0);
    expect(await credits(app, u.auth)).toEqual({ available: 100, frozen: 0 });
  });

  it('answers 402 with needed/available when credits do not cover the price, leaving no task', async () => {
    const u = await signUp(app);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await http(app).post('/api/v1/video/create').set('Authorization', u.auth).field('type', 'text_to_video').field('prompt', `第${i}只猫`);
      expect(r.status).toBe(200);
      made.push(r.body.data.job_id);
    }
    const broke = await http(app).post('/api/v1/video/create').set('Authorization', u.auth).field('type', 'text_to_video').field('prompt', '第六只猫');
    expect(broke.status).toBe(402);
    expect(broke.body.error).toContain('20');
    const viaApp = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '再来一只' });
    expect(viaApp.status).toBe(402);
    expect(viaApp.body.code).toBe('INSUFFICIENT_CREDITS');
    expect(viaApp.body.details).toMatchObject({ needed: 20, available: 0 });
    const list = await http(app).get('/api/v1/stickers').set('Authorization', u.auth);
    expect(list.body.data.total).toBe(5);

    // an image Data URI refused for credits leaves no stored photo behind
    const me = await http(app).get('/api/v1/users/me').set('Authorization', u.auth);
    const uploads = path.join(process.env.DATA_DIR!, 'files', 'uploads', String(me.body.data.id));
    const photo = await http(app)
      .post('/api/v1/video/create')
      .set('Authorization', u.auth)
      .field('type', 'image_to_video')
      .field('prompt', '动起来')
      .field('img_base64', `data:image/png;base64,${pngBytes().toString('base64')}`);
    expect(photo.status).toBe(402);
    const files = fs.existsSync(uploads) ? fs.readdirSync(uploads, { recursive: true }).filter(f => String(f).includes('.')) : [];
    expect(files).toEqual([]);
    for (const jobId of made) await queryUntilDone(app, u.auth, jobId, 90000);
  });
});
