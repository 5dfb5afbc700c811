import { DashScopeProvider } from '../../src/provider/dashscope';
import { ProviderError } from '../../src/provider/provider';
import { QwenDescriber, composeCharacterPrompt } from '../../src/provider/qwen';
import { Simulator, startSimulator } from '../../src/simulator';
import { fixedFetch, pollUntilDone, probe } from './helpers';

describe('DashScope client against the simulator', () => {
  let sim: Simulator;
  let ds: DashScopeProvider;
  beforeAll(async () => {
    sim = await startSimulator({ delayMs: 300 });
    ds = new DashScopeProvider({ apiKey: 'sk-test', baseUrl: `${sim.url}/dashscope`, simulated: true });
  });
  afterAll(() => sim?.close());

  const t2v = (prompt: string) => ds.create({ mode: 't2v', model: 'wanx2.1-t2v-turbo', prompt, size: '624*624' });

  it('creates a t2v task with the real request shape and polls it PENDING → RUNNING → SUCCEEDED', async () => {
    const created = await t2v('一只可爱的猫在打篮球');
    expect(created).toMatchObject({ state: 'PENDING' });
    const req = sim.requests.find(r => r.method === 'POST' && r.path.endsWith('/video-synthesis'));
    expect(req?.path).toBe('/dashscope/api/v1/services/aigc/video-generation/video-synthesis');
    expect(req?.headers.authorization).toBe('Bearer sk-test');
    expect(req?.headers['x-dashscope-async']).toBe('enable');
    expect(req?.body).toEqual({ model: 'wanx2.1-t2v-turbo', input: { prompt: '一只可爱的猫在打篮球' }, parameters: { size: '624*624' } });

    const { seen, last } = await pollUntilDone(ds, created.providerTaskId);
    expect(seen).toEqual(expect.arrayContaining(['RUNNING', 'SUCCEEDED']));
    expect(last.videoUrl).toMatch(new RegExp(`^${sim.url}/files/.+\\.mp4\\?Expires=`));
    const clip = await probe(last.videoUrl ?? '');
    expect(clip.video).toMatchObject({ codec: 'h264', width: 312, height: 312 });
    expect(clip.duration).toBeGreaterThan(4.8);
    expect(clip.duration).toBeLessThan(5.2);
  });

  it('sends i2v as input.img_url + parameters.resolution', async () => {
    const created = await ds.create({
      mode: 'i2v',
      model: 'wan2.2-i2v-flash',
      prompt: '挥手 [sim:fail]',
      imageUrl: 'data:image/png;base64,AAAA',
      resolution: '480P',
    });
    const req = sim.requests.filter(r => r.path.endsWith('/video-synthesis')).pop();
    expect(req?.body).toEqual({
      model: 'wan2.2-i2v-flash',
      input: { prompt: '挥手 [sim:fail]', img_url: 'data:image/png;base64,AAAA' },
      parameters: { resolution: '480P' },
    });
    const { last } = await pollUntilDone(ds, created.providerTaskId);
    expect(last).toMatchObject({ state: 'FAILED', errorCode: 'InternalError.Algo' });
    expect(last.contentRejected).toBeUndefined();
  });

  it('maps moderation failures to contentRejected and UNKNOWN tasks to UNKNOWN', async () => {
    const rejected = await t2v('something [sim:reject]');
    const unknown = await t2v('something [sim:unknown]');
    expect((await pollUntilDone(ds, rejected.providerTaskId)).last).toMatchObject({
      state: 'FAILED',
      errorCode: 'DataInspectionFailed',
      contentRejected: true,
    });
    expect((await pollUntilDone(ds, unknown.providerTaskId)).last.state).toBe('UNKNOWN');
    expect((await ds.query('no-such-task')).state).toBe('UNKNOWN');
  });

  it('keeps [sim:slow] tasks RUNNING', async () => {
    const slow = await t2v('wait [sim:slow]');
    await new Promise(r => setTimeout(r, 400));
    expect((await ds.query(slow.providerTaskId)).state).toBe('RUNNING');
  });

  it('maps 429 (with Retry-After), 500, 401 and the missing async header to ProviderError kinds', async () => {
    expect.assertions(5);
    await expect(t2v('busy [sim:429]')).rejects.toMatchObject({
      kind: 'rate_limited',
      details: { status: 429, retryAfterSeconds: 1, code: 'Throttling.RateQuota' },
    });
    await expect(t2v('boom [sim:500]')).rejects.toMatchObject({ kind: 'retryable', details: { status: 500 } });
    await expect(ds.create({ mode: 't2v', model: 'wanx2.1-t2v-turbo', prompt: 'x', size: '100*100' })).rejects.toMatchObject({
      kind: 'rejected',
      details: { status: 400, code: 'InvalidParameter' },
    });
    const raw = await fetch(`${sim.url}/dashscope/api/v1/services/aigc/video-generation/video-synthesis`, {
      method: 'POST',
      headers: { Authorization: 'Bearer x', 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'wanx2.1-t2v-turbo', input: { prompt: 'x' } }),
    });
    expect([raw.status, await raw.json()]).toEqual([
      403,
      expect.objectContaining({ code: 'AccessDenied', message: 'current user api does not support synchronous calls' }),
    ]);
    const noKey = new DashScopeProvider({ apiKey: '', baseUrl: `${sim.url}/dashscope`, simulated: true });
    await expect(noKey.query('x')).rejects.toMatchObject({ kind: 'config', details: { status: 401, code: 'InvalidApiKey' } });
  });

  it('turns garbage, network errors and timeouts into retryable ProviderErrors', async () => {
    const cases: Array<[typeof fetch, RegExp]> = [
      [fixedFetch(200, '<html>oops</html>'), /malformed response/],
      [fixedFetch(200, '{"output":{"task_id":"t","task_status":"DANCING"}}'), /malformed query response: unknown task_status/],
      [fixedFetch(200, '{"output":{"task_id":"t","task_status":"SUCCEEDED"}}'), /malformed query response: output.video_url/],
      [fixedFetch(200, '[1,2]'), /malformed query response/],
      [fixedFetch(502, 'Bad Gateway'), /HTTP 502/],
    ];
    for (const [f, message] of cases) {
      const client = new DashScopeProvider({ apiKey: 'k', baseUrl: 'http://provider.test', simulated: false }, { fetch: f });
      const err = await client.query('t').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ kind: 'retryable', provider: 'dashscope' });
      expect((err as Error).message).toMatch(message);
    }
    const closed = new DashScopeProvider({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1', simulated: false });
    await expect(closed.query('t')).rejects.toMatchObject({ kind: 'retryable', message: expect.stringMatching(/network error/) });
    const hanging: typeof fetch = (_u, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const slow = new DashScopeProvider({ apiKey: 'k', baseUrl: 'http://provider.test', simulated: false }, { fetch: hanging, timeoutMs: 50 });
    await expect(slow.query('t')).rejects.toMatchObject({ kind: 'retryable', message: expect.stringMatching(/timeout after 50 ms/) });
  });

  it('does not take callbacks', () => {
    expect(ds.supportsCallback).toBe(false);
    expect(() => ds.parseCallback()).toThrow(ProviderError);
  });

  describe('Qwen describer', () => {
    it('asks with web search on and returns a prompt-dependent description', async () => {
      const qwen = new QwenDescriber({ apiKey: 'sk-test', baseUrl: `${sim.url}/dashscope`, model: 'qwen-plus', simulated: true });
      const wukong = await qwen.describe({ role: '孙悟空', source: '西游记', action: '跳舞' });
      const mario = await qwen.describe({ role: '马里奥', action: '奔跑' });
      expect(wukong).toMatch(/^孙悟空/);
      expect(mario).toMatch(/^马里奥/);
      expect(Array.from(wukong).length).toBeLessThanOrEqual(300);
      const req = sim.requests.filter(r => r.path.endsWith('/text-generation/generation')).shift();
      expect(req?.body).toMatchObject({
        model: 'qwen-plus',
        input: { messages: [{ role: 'system' }, { role: 'user', content: expect.stringContaining('角色：孙悟空\n出处：西游记') }] },
        parameters: { result_format: 'message', enable_search: true, search_options: { forced_search: true } },
      });
      expect(composeCharacterPrompt({ role: '孙悟空', description: wukong, action: '跳舞' })).toContain('动作：跳舞');
    });

    it('maps a 429 and a malformed answer', async () => {
      const qwen = new QwenDescriber({ apiKey: 'k', baseUrl: `${sim.url}/dashscope`, model: 'qwen-plus', simulated: true });
      await expect(qwen.describe({ role: '忙 [sim:429]', action: 'x' })).rejects.toMatchObject({ provider: 'qwen', kind: 'rate_limited' });
      const broken = new QwenDescriber(
        { apiKey: 'k', baseUrl: 'http://q.test', model: 'qwen-plus', simulated: false },
        { fetch: fixedFetch(200, '{"output":{"choices":[{}]}}') },
      );
      await expect(broken.describe({ role: 'x', action: 'y' })).rejects.toMatchObject({ kind: 'retryable', message: expect.stringMatching(/malformed/) });
    });
  });
});
