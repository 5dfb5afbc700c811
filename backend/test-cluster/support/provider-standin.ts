/**
 * The AI providers as the cluster sees them: the simulator (src/simulator, the real DashScope / evolink / kie
 * protocols) behind a proxy that counts each provider's tasks in flight at every create and can hold its answers
 * back — a create is taken by the provider at once and answered late, as when an instance dies while the answer is
 * on its way. Instances use one API key each (`sk-<name>`), so the proxy knows who asked.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { Simulator, startSimulator } from '../../src/simulator';

export type ProviderName = 'dashscope' | 'evolink' | 'kie';
export type Call = 'create' | 'query' | 'file' | 'other';

export interface SeenRequest {
  call: Call;
  provider?: ProviderName;
  /** the instance that asked (from its API key), when it sent one */
  instance?: string;
}

export interface StandIn {
  url: string;
  sim: Simulator;
  /** answers of each kind are held back this long (changeable while running) */
  delays: Record<Call, number>;
  /** the most tasks each provider had in flight at once (counted at every create) */
  maxInFlight: Record<ProviderName, number>;
  /** the video tasks each provider was asked to create: provider task id → provider */
  created: Map<string, ProviderName>;
  /** called when a request arrives, before it is forwarded */
  onRequest?: (r: SeenRequest) => void;
  inFlight(provider: ProviderName): number;
  close(): Promise<void>;
}

const PROVIDERS: ProviderName[] = ['dashscope', 'evolink', 'kie'];

function classify(method: string, url: string): SeenRequest['call'] {
  if (/^\/files\//.test(url)) return 'file';
  if (/\/text-generation\/generation/.test(url)) return 'other'; // Qwen describing a character: no video task
  if (method === 'POST') return 'create';
  if (method === 'GET') return 'query';
  return 'other';
}

/** a held-back answer does not keep the test process alive */
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms).unref());

export async function startStandIn(options: { delayMs: number; port?: number }): Promise<StandIn> {
  // short, small clips: the cluster test is about who does the work, not about the GIF ladder
  const sim = await startSimulator({ delayMs: options.delayMs, seconds: 1, fps: 8, scale: 0.5 });
  const target = new URL(sim.url);
  const standIn: StandIn = {
    url: '',
    sim,
    delays: { create: 0, query: 0, file: 0, other: 0 },
    maxInFlight: { dashscope: 0, evolink: 0, kie: 0 },
    created: new Map(),
    inFlight: provider => [...sim.tasks.values()].filter(t => t.provider === provider && !t.result).length,
    close: async () => undefined,
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c as Buffer));
    req.on('end', () => {
      const url = req.url ?? '/';
      const call = classify(req.method ?? 'GET', url);
      const provider = PROVIDERS.find(p => url.startsWith(`/${p}/`));
      const key = /^Bearer sk-(.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      standIn.onRequest?.({ call, provider, instance: key });
      void (async () => {
        if (call !== 'create') await sleep(standIn.delays[call]);
        const before = new Set(sim.tasks.keys());
        const answer = await forward(target, req, Buffer.concat(chunks));
        if (call !== 'file') answer.body = Buffer.from(answer.body.toString('utf8').split(sim.url).join(standIn.url));
        if (call === 'create' && provider) {
          for (const id of sim.tasks.keys()) if (!before.has(id) && sim.tasks.get(id)?.provider === provider) standIn.created.set(id, provider);
          standIn.maxInFlight[provider] = Math.max(standIn.maxInFlight[provider], standIn.inFlight(provider));
          await sleep(standIn.delays.create); // the provider has the task; its answer is late
        }
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })().catch(e => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'StandInError', message: (e as Error).message }));
      });
    });
  });
  await new Promise<void>(resolve => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.close = async () => {
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
    await sim.close();
  };
  return standIn;
}

/**
 * One request to the simulator, answered in full. The simulator hands out its own URL for the clips; those are
 * rewritten to the proxy so file downloads can be held back too.
 */
async function forward(target: URL, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.OutgoingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      r => {
        const parts: Buffer[] = [];
        r.on('data', c => parts.push(c as Buffer));
        r.on('end', () => {
          const headers = { ...r.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          resolve({ status: r.statusCode ?? 502, headers, body: Buffer.concat(parts) });
        });
        r.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}
