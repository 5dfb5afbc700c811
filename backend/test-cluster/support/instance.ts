/**
 * A backend instance as a real child process (`node backend/bootstrap.js`, the compiled app — scripts/test.js builds
 * it first): started with its own env, waited for on /healthz, stopped with SIGTERM or killed with SIGKILL.
 */
import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';

export interface Instance {
  name: string;
  port: number;
  url: string;
  proc: ChildProcess;
  /** everything it printed */
  output: string[];
  /** resolves when the process has ended */
  exited: Promise<Exit>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when it ended */
  at: number;
}

const backend = path.resolve(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 60000,
  everyMs = 200,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Starts the process; `ready` false returns at once (for starts that are expected to fail). */
export async function startInstance(name: string, port: number, env: Record<string, string>, ready = true): Promise<Instance> {
  const proc = spawn(process.execPath, [path.join(backend, 'bootstrap.js')], {
    cwd: backend,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'local', MIDWAY_SERVER_ENV: 'local', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stdout?.on('data', d => output.push(String(d)));
  proc.stderr?.on('data', d => output.push(String(d)));
  const exited = new Promise<Exit>(resolve => proc.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  const inst: Instance = { name, port, url: `http://127.0.0.1:${port}`, proc, output, exited };
  if (!ready) return inst;
  let ended = false;
  void exited.then(() => (ended = true));
  await waitFor(
    `${name} to answer /healthz`,
    async () => {
      if (ended) throw new Error(`${name} exited while starting:\n${output.join('').slice(-3000)}`);
      const r = await fetch(`${inst.url}/healthz`);
      return r.status === 200;
    },
    90000,
    150,
  );
  return inst;
}

export function kill9(inst: Instance) {
  inst.proc.kill('SIGKILL');
  return inst.exited;
}

export function sigterm(inst: Instance) {
  inst.proc.kill('SIGTERM');
  return inst.exited;
}
