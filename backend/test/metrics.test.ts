import { MetricsService } from '../src/service/metrics/metrics.service';
import { App, http, startApp, stopApp } from './support/app';
import { events, pipelineEnv, queryUntilDone, signUp, waitFor } from './support/pipeline';

/**
 * GET /metrics after real work: a sticker made end to end through the simulator (provider HTTP, queue, GIF,
 * ledger), a provider 429, and plain API requests. Checks that the series exist with their labels and sane values,
 * and that the endpoint is not public.
 */
const TOKEN = 'metrics-test-token-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition format → samples (comments skipped). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The one sample of `name` whose labels include `labels`; fails the test when there is none. */
function sample(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length === 0) throw new Error(`no sample ${name}${JSON.stringify(labels)}`);
  return found.reduce((sum, s) => sum + s.value, 0);
}

describe('GET /metrics', () => {
  let app: App;
  beforeAll(async () => {
    try {
      app = await startApp(await pipelineEnv({ METRICS_TOKEN: TOKEN, METRICS_DB_CACHE_SECONDS: '0' }));
    } catch (e) {
      console.error(e);
      throw e;
    }
  });
  afterAll(() => stopApp(app));

  const scrape = async () => {
    const res = await http(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return parse(res.text);
  };

  it('is not public: no token or a wrong one → 401, no token configured → 404', async () => {
    const none = await http(app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHORIZED');
    expect(none.text).not.toContain('bq_');
    const wrong = await http(app).get('/metrics').set('Authorization', 'Bearer not-the-token');
    expect(wrong.status).toBe(401);

    const svc = await app.getApplicationContext().getAsync(MetricsService);
    const token = svc.cfg.token;
    svc.cfg.token = ''; // as if METRICS_TOKEN were not set
    try {
      const off = await http(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(off.status).toBe(404);
      expect(off.body.code).toBe('NOT_FOUND');
    } finally {
      svc.cfg.token = token;
    }
  });

  it('reports tasks, provider calls, queue wait, GIF conversion, ledger entries and HTTP routes after real work', async () => {
    const u = await signUp(app);
    const created = await http(app)
      .post('/api/v1/video/create')
      .set('Authorization', u.auth)
      .field('type', 'text_to_video')
      .field('prompt', '一只猫在看监控面板');
    expect(created.status).toBe(200);
    const jobId = created.body.data.job_id as string;
    expect((await queryUntilDone(app, u.auth, jobId)).data.status).toBe('SUCCEEDED');
    await http(app).get('/api/v1/video/query/job_does_not_exist').set('Authorization', u.auth).expect(404);

    // a provider error: DashScope answers 429, the task backs off (then is canceled to free the credits)
    const limited = await http(app).post('/api/v1/stickers').set('Authorization', u.auth).send({ kind: 'text', prompt: '限流 [sim:429]' });
    const limitedJob = limited.body.data.jobId as string;
    await waitFor('a retry_later event', async () => (await events(app, limitedJob)).some(e => e.type === 'retry_later'), 10000);
    await http(app).post(`/api/v1/stickers/${limitedJob}/cancel`).set('Authorization', u.auth).expect(200);

    const s = await scrape();
    // HTTP latency by route pattern: the query route once with 200 and once with 404, never the raw job id
    expect(sample(s, 'bq_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/video/query/:job_id', status: '200' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(s, 'bq_http_request_duration_seconds_count', { route: '/api/v1/video/query/:job_id', status: '404' })).toBe(1);
    expect(sample(s, 'bq_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/video/create', status: '200' })).toBe(1);
    expect(s.some(x => Object.values(x.labels).some(v => v.includes(jobId) || v.includes('job_does_not_exist')))).toBe(false);
    const createSeconds = sample(s, 'bq_http_request_duration_seconds_sum', { route: '/api/v1/video/create' });
    expect(createSeconds).toBeGreaterThan(0);
    expect(createSeconds).toBeLessThan(60);

    // provider requests: creates and queries timed; the 429 counted by kind
    expect(sample(s, 'bq_provider_request_duration_seconds_count', { provider: 'dashscope', operation: 'create' })).toBeGreaterThanOrEqual(2);
    expect(sample(s, 'bq_provider_request_duration_seconds_count', { provider: 'dashscope', operation: 'query' })).toBeGreaterThanOrEqual(1);
    expect(sample(s, 'bq_provider_request_errors_total', { provider: 'dashscope', operation: 'create', kind: 'rate_limited' })).toBeGreaterThanOrEqual(1);

    // queue wait (created → submitted) and the GIF conversion with the rung that shipped
    expect(sample(s, 'bq_task_queue_wait_seconds_count', { kind: 'text', provider: 'dashscope' })).toBe(1);
    const gif = s.filter(x => x.name === 'bq_gif_conversion_duration_seconds_count' && x.value > 0);
    expect(gif.length).toBeGreaterThanOrEqual(1);
    expect(gif[0]!.labels.rung).toMatch(/\S/);
    const gifSeconds = sample(s, 'bq_gif_conversion_duration_seconds_sum');
    expect(gifSeconds).toBeGreaterThan(0);
    expect(gifSeconds).toBeLessThan(60);

    // ledger entries by type: the signup bonus, two holds, one settle, one release (the canceled task)
    expect(sample(s, 'bq_ledger_entries_total', { type: 'bonus' })).toBeGreaterThanOrEqual(1);
    expect(sample(s, 'bq_ledger_entries_total', { type: 'freeze' })).toBe(2);
    expect(sample(s, 'bq_ledger_entries_total', { type: 'settle' })).toBe(1);
    // a release that MariaDB retries after a deadlock is counted per attempt (the counter's help says so)
    expect(sample(s, 'bq_ledger_entries_total', { type: 'release' })).toBeGreaterThanOrEqual(1);

    // from the database: tasks by status and kind, in flight per provider against its limit
    expect(sample(s, 'bq_tasks', { status: 'SUCCEEDED', kind: 'text' })).toBeGreaterThanOrEqual(1);
    expect(sample(s, 'bq_tasks', { status: 'CANCELED', kind: 'text' })).toBeGreaterThanOrEqual(1);
    expect(sample(s, 'bq_provider_in_flight', { provider: 'dashscope' })).toBeGreaterThanOrEqual(0);
    expect(sample(s, 'bq_provider_max_concurrent', { provider: 'dashscope' })).toBe(2);
    expect(sample(s, 'bq_provider_max_concurrent', { provider: 'kie' })).toBe(4);

    // the process's own (prom-client defaults)
    expect(sample(s, 'bq_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
