import { KieProvider } from '../../src/provider/kie';
import { Simulator, startSimulator } from '../../src/simulator';
import { Receiver, fixedFetch, pollUntilDone, startReceiver, waitFor } from './helpers';

describe('kie client against the simulator', () => {
  let sim: Simulator;
  let kie: KieProvider;
  let receiver: Receiver;
  beforeAll(async () => {
    sim = await startSimulator({ delayMs: 250, callbackRetryDelaysMs: [50, 100, 200] });
    receiver = await startReceiver();
    kie = new KieProvider({ apiKey: 'kie-key', baseUrl: `${sim.url}/kie`, simulated: true, nFrames: '10', squareAspectRatio: 'portrait' });
  });
  afterAll(async () => {
    await receiver?.close();
    await sim?.close();
  });

  const create = (prompt: string, callbackUrl = receiver.url) =>
    kie.create({ mode: 't2v', model: 'sora-2-text-to-video', prompt, size: '832*480', callbackUrl });

  it('creates with callBackUrl and string n_frames; the callback and recordInfo agree', async () => {
    const created = await create('a dog surfing');
    expect(created.state).toBe('PENDING');
    const req = sim.requests.find(r => r.path === '/kie/api/v1/jobs/createTask');
    expect(req?.headers.authorization).toBe('Bearer kie-key');
    expect(req?.body).toEqual({
      model: 'sora-2-text-to-video',
      callBackUrl: receiver.url,
      input: { prompt: 'a dog surfing', aspect_ratio: 'landscape', n_frames: '10', remove_watermark: true },
    });
    const body = await waitFor(() => receiver.bodies.find(b => (b as { data?: { taskId?: string } }).data?.taskId === created.providerTaskId));
    expect(body).toMatchObject({ code: 200, data: { state: 'success', resultJson: expect.stringContaining('resultUrls') } });
    const fromCallback = kie.parseCallback(body);
    expect(fromCallback).toMatchObject({ state: 'SUCCEEDED', providerTaskId: created.providerTaskId, videoUrl: expect.stringMatching(/\.mp4/) });
    expect(await kie.query(created.providerTaskId)).toMatchObject({ state: 'SUCCEEDED', videoUrl: fromCallback.videoUrl });
    expect(sim.requests.some(r => r.path === `/kie/api/v1/jobs/recordInfo?taskId=${created.providerTaskId}`)).toBe(true);
  });

  it('accepts resultJson as an object and bare-data callbacks', async () => {
    const created = await create('fish [sim:alt]', '');
    const { seen, last } = await pollUntilDone(kie, created.providerTaskId);
    expect(seen[0]).toBe('PENDING');
    expect(last).toMatchObject({ state: 'SUCCEEDED', videoUrl: expect.stringMatching(/\.mp4/) });
    expect((last.raw as { data: { resultJson: unknown } }).data.resultJson).toEqual({ resultUrls: [last.videoUrl] });
    expect(kie.parseCallback({ taskId: 't1', state: 'generating' })).toMatchObject({ providerTaskId: 't1', state: 'RUNNING' });
    expect(kie.parseCallback({ code: 501, msg: 'failed', data: { taskId: 't2' } })).toMatchObject({
      state: 'FAILED',
      errorCode: '501',
      errorMessage: 'failed',
    });
  });

  it('maps fail, sensitive-content rejections, stuck and unknown tasks', async () => {
    const failed = await create('x [sim:fail]', '');
    const rejected = await create('x [sim:reject]');
    expect((await pollUntilDone(kie, failed.providerTaskId)).last).toMatchObject({ state: 'FAILED', errorCode: '500' });
    const rej = (await pollUntilDone(kie, rejected.providerTaskId)).last;
    expect(rej).toMatchObject({ state: 'FAILED', errorCode: '400', contentRejected: true });
    const cb = await waitFor(() => receiver.bodies.find(b => (b as { data?: { taskId?: string } }).data?.taskId === rejected.providerTaskId));
    expect(kie.parseCallback(cb)).toMatchObject({ state: 'FAILED', contentRejected: true, errorMessage: expect.stringMatching(/sensitive/) });
    expect(await kie.query('nope')).toMatchObject({ state: 'UNKNOWN', errorCode: '404' });
    const stuck = await create('x [sim:slow]', '');
    await new Promise(r => setTimeout(r, 300));
    expect((await kie.query(stuck.providerTaskId)).state).toBe('RUNNING');
  });

  it('maps HTTP and body-code errors', async () => {
    expect.assertions(5);
    await expect(create('x [sim:429]')).rejects.toMatchObject({ kind: 'rate_limited', details: { status: 429, retryAfterSeconds: 1 } });
    await expect(create('x [sim:500]')).rejects.toMatchObject({ kind: 'retryable', details: { status: 500 } });
    // kie reports validation errors as HTTP 200 with code 422
    await expect(kie.create({ mode: 't2v', model: '', prompt: 'x' })).rejects.toMatchObject({ kind: 'rejected', details: { status: 422 } });
    const bodyCode = (code: number, msg: string) =>
      new KieProvider(
        { apiKey: 'k', baseUrl: 'http://k.test', simulated: false, nFrames: '10', squareAspectRatio: 'portrait' },
        { fetch: fixedFetch(200, JSON.stringify({ code, msg })) },
      );
    await expect(bodyCode(402, 'Credits insufficient').create({ mode: 't2v', model: 'm', prompt: 'x' })).rejects.toMatchObject({ kind: 'config' });
    await expect(bodyCode(455, 'Service unavailable').query('t')).rejects.toMatchObject({ kind: 'retryable' });
  });

  it('refuses unreadable callbacks and responses', async () => {
    for (const body of [
      null,
      [],
      { code: 200, data: { state: 'success' } },
      { data: { taskId: 't', state: 'success', resultJson: '{oops' } },
      { data: { taskId: 't', state: 'melted' } },
    ]) {
      expect(() => kie.parseCallback(body)).toThrow(expect.objectContaining({ kind: 'rejected' }) as unknown as Error);
    }
    const garbage = new KieProvider(
      { apiKey: 'k', baseUrl: 'http://k.test', simulated: false, nFrames: '10', squareAspectRatio: 'portrait' },
      { fetch: fixedFetch(200, '{"msg":"ok"}') },
    );
    await expect(garbage.create({ mode: 't2v', model: 'm', prompt: 'x' })).rejects.toMatchObject({
      kind: 'retryable',
      message: expect.stringMatching(/malformed create response/),
    });
  });
});
