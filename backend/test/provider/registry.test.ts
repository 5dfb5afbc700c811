import { ProvidersConfig, providersConfig } from '../../src/config/providers';
import { errorForStatus, parseRetryAfter } from '../../src/provider/http';
import { ProviderRegistry, UnknownProviderError } from '../../src/provider/registry';

function withEnv<T>(env: Record<string, string | undefined>, fn: () => T): T {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const noKeys = { DASHSCOPE_API_KEY: undefined, EVOLINK_API_KEY: undefined, KIE_API_KEY: undefined };

describe('provider registry and config', () => {
  it('defaults: DashScope first, kie/evolink as fallbacks, all simulated without keys', () => {
    const config = withEnv(noKeys, () => providersConfig());
    const registry = ProviderRegistry.fromConfig(config);
    expect(registry.routes('text')).toEqual([
      { provider: 'dashscope', model: 'wanx2.1-t2v-turbo', mode: 't2v' },
      { provider: 'kie', model: 'sora-2-text-to-video', mode: 't2v' },
      { provider: 'evolink', model: 'sora-2', mode: 't2v' },
    ]);
    expect(registry.routes('image')).toEqual([
      { provider: 'dashscope', model: 'wan2.2-i2v-flash', mode: 'i2v' },
      { provider: 'evolink', model: 'sora-2', mode: 'i2v' },
    ]);
    expect(registry.routes('web_search')).toEqual(registry.routes('text'));
    expect(registry.limits('dashscope')).toEqual({ maxConcurrent: 2, submitPerSecond: 2 });
    expect(registry.simulatedProviders()).toEqual(['dashscope', 'evolink', 'kie']);
    expect(registry.needsSimulator()).toBe(true);
    expect(registry.simulatorSettings()).toEqual({ enabled: true, port: 0, delayMs: 4000, failureRate: 0 });
  });

  it('reads routes, models and keys from the environment', () => {
    const config = withEnv(
      {
        ...noKeys,
        DASHSCOPE_API_KEY: 'sk-1',
        ROUTES_TEXT: 'kie:sora-2-pro-text-to-video, dashscope',
        ROUTES_IMAGE: 'dashscope',
        DASHSCOPE_I2V_MODEL: 'wan2.5-i2v',
        SIM_FAILURE_RATE: '0.25',
      },
      () => providersConfig(),
    );
    const registry = ProviderRegistry.fromConfig(config);
    expect(registry.routes('text')).toEqual([
      { provider: 'kie', model: 'sora-2-pro-text-to-video', mode: 't2v' },
      { provider: 'dashscope', model: 'wanx2.1-t2v-turbo', mode: 't2v' },
    ]);
    expect(registry.routes('web_search')).toEqual(registry.routes('text'));
    expect(registry.routes('image')).toEqual([{ provider: 'dashscope', model: 'wan2.5-i2v', mode: 'i2v' }]);
    expect(registry.simulatedProviders()).toEqual(['evolink', 'kie']);
    expect(registry.get('dashscope').simulated).toBe(false);
    expect(config.simulator.failureRate).toBe(0.25);
    expect(() => withEnv({ SIM_FAILURE_RATE: '2' }, () => providersConfig())).toThrow(/SIM_FAILURE_RATE/);
  });

  it('names the available providers for an unknown key', () => {
    const registry = ProviderRegistry.fromConfig(withEnv(noKeys, () => providersConfig()));
    expect(() => registry.get('replicate')).toThrow(UnknownProviderError);
    expect(() => registry.get('replicate')).toThrow('Unknown provider "replicate". Available providers: dashscope, evolink, kie');
    const bad: ProvidersConfig = {
      ...withEnv(noKeys, () => providersConfig()),
      routes: { text: ['dashscope', 'runway'], image: ['dashscope'], web_search: ['dashscope'] },
    };
    expect(() => ProviderRegistry.fromConfig(bad)).toThrow(/route "runway" for text: Unknown provider "runway"/);
  });

  it('points simulated providers at the simulator once its URL is known', async () => {
    const calls: string[] = [];
    const fetchSpy: typeof fetch = async input => {
      calls.push(String(input));
      return new Response(JSON.stringify({ output: { task_id: 't', task_status: 'RUNNING' } }), { status: 200 });
    };
    const registry = ProviderRegistry.fromConfig(
      withEnv(noKeys, () => providersConfig()),
      { fetch: fetchSpy },
    );
    await expect(registry.get('dashscope').query('t')).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/simulator not started/) });
    registry.useSimulator('http://127.0.0.1:9999/');
    await registry.get('dashscope').query('t');
    expect(calls).toEqual(['http://127.0.0.1:9999/dashscope/api/v1/tasks/t']);
    expect(registry.describer().simulated).toBe(true);
  });

  it('leaves unkeyed providers out when the simulator is disabled, and says what to set when nothing is left', () => {
    const config = withEnv({ ...noKeys, KIE_API_KEY: 'kie-1', SIM_ENABLED: 'false', ROUTES_IMAGE: 'dashscope,kie' }, () => providersConfig());
    const registry = ProviderRegistry.fromConfig(config);
    expect(registry.names()).toEqual(['kie']);
    expect(registry.routes('text')).toEqual([{ provider: 'kie', model: 'sora-2-text-to-video', mode: 't2v' }]);
    expect(registry.needsSimulator()).toBe(false);
    const none = withEnv({ ...noKeys, SIM_ENABLED: 'false' }, () => providersConfig());
    expect(() => ProviderRegistry.fromConfig(none)).toThrow(/no usable route for text stickers.*DASHSCOPE_API_KEY/);
  });

  it('maps statuses to ProviderError kinds', () => {
    expect(errorForStatus('dashscope', 503).kind).toBe('retryable');
    expect(errorForStatus('dashscope', 429, { retryAfterSeconds: 3 }).details).toMatchObject({ retryAfterSeconds: 3 });
    expect(errorForStatus('dashscope', 400, { code: 'Throttling.RateQuota' }).kind).toBe('rate_limited');
    expect(errorForStatus('dashscope', 401).kind).toBe('config');
    expect(errorForStatus('dashscope', 403).kind).toBe('config');
    const invalid = errorForStatus('dashscope', 400, { code: 'InvalidParameter' });
    expect(invalid.kind).toBe('rejected');
    expect(invalid.details.contentRejected).toBeUndefined();
    expect(errorForStatus('dashscope', 400, { code: 'DataInspectionFailed' })).toMatchObject({ kind: 'rejected', details: { contentRejected: true } });
    expect(errorForStatus('evolink', 422, { message: 'prompt violates our content policy' }).details.contentRejected).toBe(true);
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(new Date(Date.now() + 10000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
