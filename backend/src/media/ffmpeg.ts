/**
 * Where ffmpeg and ffprobe come from, and how the media layer runs them.
 *
 * Resolution order, for each binary separately:
 *   1. FFMPEG_PATH / FFPROBE_PATH from the environment,
 *   2. a system `ffmpeg` / `ffprobe` on PATH,
 *   3. the static build shipped by @ffmpeg-installer/ffmpeg / @ffprobe-installer/ffprobe (so that
 *      `npm install` alone is enough).
 * Commands run through fluent-ffmpeg with a deadline: past it the process gets SIGKILL.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import ffmpeg = require('fluent-ffmpeg');
import { ToolEnv, toolEnv } from '../config/media';

export type BinarySource = 'env' | 'system' | 'npm';

export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
  source: { ffmpeg: BinarySource; ffprobe: BinarySource };
}

function onPath(name: string, envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? `${name}.exe` : name);
    const st = fs.statSync(candidate, { throwIfNoEntry: false });
    if (st?.isFile() && (process.platform === 'win32' || (st.mode & 0o111) !== 0)) return candidate;
  }
  return undefined;
}

function fromInstaller(pkg: string, envName: string): string {
  // the installer package is chosen at run time, so it is loaded by name
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(pkg) as { path?: unknown };
  if (typeof mod.path !== 'string' || !fs.existsSync(mod.path)) {
    throw new Error(`[media] ${pkg} has no binary for ${process.platform}-${process.arch}; install ffmpeg or set ${envName}`);
  }
  return mod.path;
}

function resolveOne(name: 'ffmpeg' | 'ffprobe', env: ToolEnv): { bin: string; source: BinarySource } {
  const envName = name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
  const explicit = env[envName];
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`[media] ${envName}=${explicit} does not exist`);
    return { bin: explicit, source: 'env' };
  }
  const system = onPath(name, env.PATH);
  if (system) return { bin: system, source: 'system' };
  const pkg = name === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
  return { bin: fromInstaller(pkg, envName), source: 'npm' };
}

/** Resolves both binaries (no caching: use ffmpegPaths() for the process-wide answer). */
export function resolveFfmpegPaths(env: ToolEnv = toolEnv()): FfmpegPaths {
  const a = resolveOne('ffmpeg', env);
  const b = resolveOne('ffprobe', env);
  return { ffmpeg: a.bin, ffprobe: b.bin, source: { ffmpeg: a.source, ffprobe: b.source } };
}

let cached: FfmpegPaths | undefined;
/** The process-wide binaries, resolved once. */
export function ffmpegPaths(): FfmpegPaths {
  cached ??= resolveFfmpegPaths();
  return cached;
}

/** Tells whether `gifsicle` is on PATH (used for the lossy rungs only; optional). */
export function findGifsicle(env: ToolEnv = toolEnv()): string | undefined {
  return env.GIFSICLE_PATH || onPath('gifsicle', env.PATH);
}

/** Thrown by runFfmpeg/probe when the deadline passed and the process was killed. */
export class FfmpegTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`ffmpeg did not finish within ${timeoutMs} ms`);
    this.name = 'FfmpegTimeoutError';
  }
}

/** ffmpeg failed; `stderr` holds its last lines. */
export class FfmpegRunError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'FfmpegRunError';
  }
}

export interface RunSpec {
  inputs: Array<{ path: string; options?: string[] }>;
  /** -filter_complex graph; its last output is mapped unless `map` says otherwise */
  complexFilter?: string;
  outputOptions?: string[];
  output: string;
  timeoutMs: number;
  /** working directory: lets filter graphs name files relatively (no escaping of outside paths) */
  cwd?: string;
}

/** Runs one ffmpeg command through fluent-ffmpeg; SIGKILL past the deadline. */
export function runFfmpeg(spec: RunSpec, paths: FfmpegPaths = ffmpegPaths()): Promise<void> {
  return new Promise((resolve, reject) => {
    const cmd = ffmpeg({ cwd: spec.cwd });
    cmd.setFfmpegPath(paths.ffmpeg);
    cmd.setFfprobePath(paths.ffprobe);
    for (const input of spec.inputs) {
      cmd.input(input.path);
      if (input.options?.length) cmd.inputOptions(input.options);
    }
    if (spec.complexFilter) cmd.complexFilter(spec.complexFilter);
    cmd.outputOptions(['-y', '-nostdin', '-v', 'error', ...(spec.outputOptions ?? [])]);
    cmd.output(spec.output);
    let done = false;
    const timer = setTimeout(
      () => {
        if (done) return;
        done = true;
        cmd.kill('SIGKILL');
        reject(new FfmpegTimeoutError(spec.timeoutMs));
      },
      Math.max(1, spec.timeoutMs),
    );
    cmd.on('error', (err: Error, _stdout: string | null, stderr: string | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new FfmpegRunError(err.message.split('\n')[0] ?? 'ffmpeg failed', tail(stderr)));
    });
    cmd.on('end', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve();
    });
    cmd.run();
  });
}

const tail = (s: string | null | undefined, lines = 8) => (s ?? '').trim().split('\n').slice(-lines).join('\n');

export interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  nb_frames?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  tags?: Record<string, string>;
  side_data_list?: Array<{ rotation?: number }>;
}
export interface ProbeResult {
  format?: { format_name?: string; duration?: string; size?: string };
  streams?: ProbeStream[];
}

/** ffprobe as JSON (format + streams), killed past the deadline. Rejects with FfmpegRunError when unreadable. */
export function probe(file: string, timeoutMs: number, paths: FfmpegPaths = ffmpegPaths(), inputOptions: string[] = []): Promise<ProbeResult> {
  const args = ['-v', 'error', ...inputOptions, '-print_format', 'json', '-show_format', '-show_streams', file];
  return new Promise((resolve, reject) => {
    execFile(paths.ffprobe, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const killed = (err as NodeJS.ErrnoException & { killed?: boolean }).killed;
        reject(killed ? new FfmpegTimeoutError(timeoutMs) : new FfmpegRunError('ffprobe failed', tail(String(stderr))));
        return;
      }
      try {
        resolve(JSON.parse(String(stdout)) as ProbeResult);
      } catch (parseErr) {
        reject(new FfmpegRunError(`ffprobe printed no JSON: ${(parseErr as Error).message}`, tail(String(stderr))));
      }
    });
  });
}

/** Display size of a video stream: coded size with a 90/270° rotation applied. */
export function displaySize(stream: ProbeStream): { width: number; height: number } {
  const w = stream.width ?? 0;
  const h = stream.height ?? 0;
  const rotate = Number(stream.tags?.rotate ?? stream.side_data_list?.find(s => s.rotation !== undefined)?.rotation ?? 0);
  return Math.abs(rotate) % 180 === 90 ? { width: h, height: w } : { width: w, height: h };
}

/**
 * A bounded pool: at most `size` jobs run at once, the rest wait in FIFO order.
 * One pool per engine; the timeout of a job starts when it leaves the queue.
 */
export class Pool {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`[media] pool size must be a positive integer, got ${size}`);
  }

  get running(): number {
    return this.active;
  }
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active++;
    else await new Promise<void>(resolve => this.waiting.push(resolve)); // the slot is handed over as is
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
