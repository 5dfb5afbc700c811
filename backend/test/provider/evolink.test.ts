import { EvolinkProvider } from '../../src/provider/evolink';
import { ProviderError } from '../../src/provider/provider';
import { Simulator, startSimulator } from '../../src/simulator';
import { Receiver, fixedFetch, pollUntilDone, startReceiver, waitFor } from './helpers';

describe('evolink client against the simulator', () => {
  let sim: Simulator;
  let evolink: EvolinkProvider;
  let receiver: Receiver;
  beforeAll(async () => {
    sim = await startSimulator({ delayMs: 250, callbackRetryDelaysMs: [50, 100, 200] });
    receiver = await startReceiver();
    evolink = new EvolinkProvider({ apiKey: 'ev-key', baseUrl: `${sim.url}/evolink`, simulated: true, duration: 10, squareAspectRatio: '9:16' });
  });
  afterAll(async () => {
    await receiver?.close();
    await sim?.close();
  });

  const create = (prompt: string, callbackUrl = receiver.url) => evolink.create({ mode: 't2v', model: 'sora-2', prompt, size: '624*624', callbackUrl });

  it('creates with the documented body, then the callback carries the query shape', async () => {
    const created = await create('a cat dancing');
    expect(created).toMatchObject({ state: 'PENDING', progress: 0, providerTaskId: expect.stringMatching(/^task-unified-/) });
    const req = sim.requests.find(r => r.path === '/evolink/v1/videos/generations');
    expect(req?.headers.authorization).toBe('Bearer ev-key');
    expect(req?.body).toEqual({
      model: 'sora-2',
      prompt: 'a cat dancing',
      aspect_ratio: '9:16',
      duration: 10,
      remove_watermark: true,
      callback_url: receiver.url,
    });
    const body = await waitFor(() => receiver.bodies.find(b => (b as { id?: string }).id === created.providerTaskId));
    const fromCallback = evolink.parseCallback(body);
    expect(fromCallback).toMatchObject({ state: 'SUCCEEDED', progress: 100, providerTaskId: created.providerTaskId });
    expect(fromCallback.videoUrl).toMatch(/\/files\/.+\.mp4/);
    const queried = await evolink.query(created.providerTaskId);
    expect(queried).toMatchObject({ state: 'SUCCEEDED', videoUrl: fromCallback.videoUrl });
    expect(body).toEqual(queried.raw as Record<string, unknown>);
    expect(sim.requests.some(r => r.method === 'GET' && r.path === `/evolink/v1/tasks/${created.providerTaskId}`)).toBe(true);
  });

  it("reads the seed's shape (data.video_url) as well as results[]", async () => {
    const created = await evolink.create({ mode: 'i2v', model: 'sora-2', prompt: 'wave [sim:alt]', imageUrl: 'data:image/png;base64,AAAA' });
    const i2vBody = sim.requests.filter(r => r.path === '/evolink/v1/videos/generations').pop()?.body;
    expect(i2vBody).toMatchObject({ image_urls: ['data:image/png;base64,AAAA'], aspect_ratio: '9:16' });
    expect(i2vBody).not.toHaveProperty('callback_url');
    // the i2v clip needs a real image; this one is not, so the simulated task fails like a bad input would
    const { last } = await pollUntilDone(evolink, created.providerTaskId);
    expect(last.state).toBe('FAILED');
    const seedShape = evolink.parseCallback({ id: 'task-1', status: 'completed', progress: 100, data: { video_url: 'https://cdn/x.mp4' } });
    expect(seedShape).toMatchObject({ state: 'SUCCEEDED', videoUrl: 'https://cdn/x.mp4' });
    const nested = evolink.parseCallback({ data: { id: 'task-2', status: 'processing', progress: 40 } });
    expect(nested).toMatchObject({ providerTaskId: 'task-2', state: 'RUNNING', progress: 40 });
  });

  it('maps failures, moderation and unknown tasks', async () => {
    const failed = await create('x [sim:fail]', '');
    const rejected = await create('x [sim:reject]', '');
    expect((await pollUntilDone(evolink, failed.providerTaskId)).last).toMatchObject({ state: 'FAILED', errorCode: 'generation_failed' });
    expect((await pollUntilDone(evolink, rejected.providerTaskId)).last).toMatchObject({
      state: 'FAILED',
      errorCode: 'content_policy_violation',
      contentRejected: true,
    });
    expect(await evolink.query('task-unified-0-missing')).toMatchObject({ state: 'UNKNOWN', errorCode: 'not_found_error' });
    const stuck = await create('x [sim:unknown]', '');
    await new Promise(r => setTimeout(r, 300));
    expect((await evolink.query(stuck.providerTaskId)).state).toBe('RUNNING');
  });

  it('maps 429, 500 and 401', async () => {
    expect.assertions(3);
    await expect(create('x [sim:429]')).rejects.toMatchObject({ kind: 'rate_limited', details: { retryAfterSeconds: 1, code: 'rate_limit_error' } });
    await expect(create('x [sim:500]')).rejects.toMatchObject({ kind: 'retryable', details: { status: 500 } });
    const noKey = new EvolinkProvider({ apiKey: '', baseUrl: `${sim.url}/evolink`, simulated: true, duration: 10, squareAspectRatio: '9:16' });
    await expect(noKey.query('x')).rejects.toMatchObject({ kind: 'config', details: { status: 401 } });
  });

  it('retries a callback answered with non-2xx (3 retries)', async () => {
    const flaky = await startReceiver([500, 503]);
    try {
      const created = await create('x [sim:fail]', flaky.url);
      const attempts = await waitFor(() => {
        const list = sim.callbacks.filter(a => a.taskId === created.providerTaskId);
        return list[2]?.status ? list : undefined;
      });
      expect(flaky.bodies).toHaveLength(3);
      expect(attempts.map(a => [a.attempt, a.status])).toEqual([
        [1, 500],
        [2, 503],
        [3, 200],
      ]);
      const always = await startReceiver([500, 500, 500, 500, 500]);
      const again = await create('y [sim:fail]', always.url);
      await waitFor(() => sim.callbacks.filter(a => a.taskId === again.providerTaskId).length === 4 || undefined);
      await new Promise(r => setTimeout(r, 300));
      expect(sim.callbacks.filter(a => a.taskId === again.providerTaskId)).toHaveLength(4);
      await always.close();
    } finally {
      await flaky.close();
    }
  });

  it('refuses unreadable callbacks and responses', async () => {
    for (const body of [null, 'x', {}, { id: 'a', status: 'exploded' }, { id: 'a', status: 'completed' }]) {
      expect(() => evolink.parseCallback(body)).toThrow(expect.objectContaining({ kind: 'rejected' }) as unknown as Error);
    }
    const garbage = new EvolinkProvider(
      { apiKey: 'k', baseUrl: 'http://e.test', simulated: false, duration: 10, squareAspectRatio: '9:16' },
      { fetch: fixedFetch(200, '{"status":"pending"}') },
    );
    const err = await garbage.query('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'retryable', message: expect.stringMatching(/malformed query response: id/) });
  });
});
