import * as fs from 'fs';
import * as http from 'http';
import { DashScopeProvider } from '../../src/provider/dashscope';
import { Simulator, startSimulator } from '../../src/simulator';
import { frameAt, frameDifference, makePng, pollUntilDone, probe } from './helpers';

describe('provider simulator', () => {
  let sim: Simulator;
  let ds: DashScopeProvider;
  beforeAll(async () => {
    sim = await startSimulator({ delayMs: 200 });
    ds = new DashScopeProvider({ apiKey: 'k', baseUrl: `${sim.url}/dashscope`, simulated: true });
  });
  afterAll(() => sim?.close());

  it('makes a real, moving 5 s text clip whose colour depends on the prompt', async () => {
    const a = await ds.create({ mode: 't2v', model: 'wanx2.1-t2v-turbo', prompt: '小熊猫吃竹子', size: '832*480' });
    const b = await ds.create({ mode: 't2v', model: 'wanx2.1-t2v-turbo', prompt: 'a red fox jumping', size: '624*624' });
    const urlA = (await pollUntilDone(ds, a.providerTaskId)).last.videoUrl ?? '';
    const urlB = (await pollUntilDone(ds, b.providerTaskId)).last.videoUrl ?? '';
    const clip = await probe(urlA);
    expect(clip.video).toMatchObject({ codec: 'h264', width: 416, height: 240 });
    expect(clip.video?.frames).toBe(75);
    expect(clip.duration).toBeCloseTo(5, 0);
    // words sway and the hue turns: early and late frames differ; two prompts give different clips
    expect(frameDifference(await frameAt(urlA, 0.2), await frameAt(urlA, 3.5))).toBeGreaterThan(3);
    expect(frameDifference(await frameAt(urlB, 0.2), await frameAt(urlA, 0.2))).toBeGreaterThan(3);
    const res = await fetch(urlA);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('animates a given image, from a Data URI or from a URL', async () => {
    const png = await makePng(400, 300);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(png);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const imageUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/photo.png`;
      const fromUri = await ds.create({
        mode: 'i2v',
        model: 'wan2.2-i2v-flash',
        prompt: '挥手',
        imageUrl: `data:image/png;base64,${png.toString('base64')}`,
        resolution: '480P',
      });
      const fromUrl = await ds.create({ mode: 'i2v', model: 'wan2.2-i2v-flash', prompt: '点头', imageUrl, resolution: '720P' });
      const uriClip = (await pollUntilDone(ds, fromUri.providerTaskId)).last.videoUrl ?? '';
      const urlClip = (await pollUntilDone(ds, fromUrl.providerTaskId)).last.videoUrl ?? '';
      expect((await probe(uriClip)).video).toMatchObject({ width: 320, height: 240, frames: 75 });
      expect((await probe(urlClip)).video).toMatchObject({ width: 480, height: 360 });
      expect(frameDifference(await frameAt(uriClip, 0.1), await frameAt(uriClip, 4.5))).toBeGreaterThan(3);
    } finally {
      server.close();
    }
  });

  it('records requests and answers unknown paths with 404', async () => {
    const res = await fetch(`${sim.url}/dashscope/api/v2/nothing`, { headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(404);
    expect(sim.requests[sim.requests.length - 1]).toMatchObject({ method: 'GET', path: '/dashscope/api/v2/nothing', headers: { authorization: 'Bearer x' } });
    expect([...sim.tasks.values()].every(t => t.provider === 'dashscope')).toBe(true);
  });

  it('fails tasks at the configured failure rate and cleans up on close', async () => {
    const failing = await startSimulator({ delayMs: 50, failureRate: 1 });
    const client = new DashScopeProvider({ apiKey: 'k', baseUrl: `${failing.url}/dashscope`, simulated: true });
    const task = await client.create({ mode: 't2v', model: 'wanx2.1-t2v-turbo', prompt: 'anything' });
    expect((await pollUntilDone(client, task.providerTaskId)).last.state).toBe('FAILED');
    expect(fs.existsSync(failing.workDir)).toBe(true);
    await failing.close();
    expect(fs.existsSync(failing.workDir)).toBe(false);
    await expect(fetch(`${failing.url}/dashscope/api/v1/tasks/x`)).rejects.toThrow();
  });
});
