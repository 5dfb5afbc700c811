/**
 * MP4 → sticker GIF.
 *
 * Each encode is one ffmpeg run with a two-pass palette inside one filter graph:
 *   fps → [crop] → scale (lanczos) → [caption] → split → palettegen(stats_mode=diff) → paletteuse(bayer, rectangle diffs)
 * Bayer (ordered) dithering is stable between frames, so rectangle diffs stay small; error diffusion
 * makes every frame's noise different and the GIF larger at no better SSIM on sticker-like clips.
 *
 * Size: a ladder of rungs, best quality first (see LADDER). The first rung is always encoded; if it is over
 * the target, its size calibrates the rungs' size estimates and the engine jumps straight to the best rung
 * estimated to fit, re-calibrating after each encode (2–3 encodes in practice, never the whole ladder).
 * Past the last rung the smallest result under the hard cap ships; none under it → MEDIA_TOO_LARGE.
 *
 * Shape: the clip's aspect is kept, long side = the rung's side (never upscaled); `square: true`
 * centre-crops to a square first. Output loops forever (NETSCAPE2.0, loop count 0).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCaptionFilter, CaptionLook, DEFAULT_LOOK, layoutCaption, normalizeCaption } from './caption';
import { countGifFailure, observeGifConversion } from '../metrics/metrics';
import { MediaError } from './errors';
import { FontMetrics } from './font-metrics';
import { FfmpegPaths, FfmpegRunError, FfmpegTimeoutError, Pool, displaySize, ffmpegPaths, findGifsicle, probe, runFfmpeg } from './ffmpeg';
import { inspectGif } from './image';

export interface Rung {
  name: string;
  /** long side in px */
  side: number;
  fps: number;
  colors: number;
  /** gifsicle --lossy level; rungs with it exist only when gifsicle is on PATH */
  lossy?: number;
  /** expected size relative to rung 0 (measured on the bench clips) */
  estimate: number;
}

/** Best first. Each step costs the least quality for its size saving on the bench clips (bench/gif/README.md). */
export const LADDER: readonly Rung[] = [
  { name: '240px-10fps-256c', side: 240, fps: 10, colors: 256, estimate: 1 },
  { name: '240px-8fps-256c', side: 240, fps: 8, colors: 256, estimate: 0.84 },
  { name: '240px-8fps-128c', side: 240, fps: 8, colors: 128, estimate: 0.63 },
  { name: '200px-8fps-128c', side: 200, fps: 8, colors: 128, estimate: 0.45 },
  { name: '200px-8fps-64c', side: 200, fps: 8, colors: 64, estimate: 0.34 },
  { name: '160px-8fps-64c', side: 160, fps: 8, colors: 64, estimate: 0.25 },
  { name: '160px-6fps-64c', side: 160, fps: 6, colors: 64, estimate: 0.2 },
  { name: '160px-6fps-64c-lossy40', side: 160, fps: 6, colors: 64, lossy: 40, estimate: 0.15 },
  { name: '160px-6fps-48c-lossy80', side: 160, fps: 6, colors: 48, lossy: 80, estimate: 0.11 },
];

/** Estimates aim this far under the target, since they are only estimates. */
const SAFETY = 0.92;
const MAX_ATTEMPTS = 4;
const BAYER_SCALE = 5;
const THUMB_SIDE = 240;

/**
 * The best rung at or after `from` whose estimate fits the target, given that `measured` bytes came out of
 * rung `at`. Falls back to the last rung. Pure: the ladder logic in one place, unit-tested.
 */
export function pickRung(ladder: readonly Rung[], at: number, measured: number, target: number, from: number): number {
  const base = measured / ladder[at]!.estimate;
  for (let i = from; i < ladder.length; i++) {
    if (base * ladder[i]!.estimate <= target * SAFETY) return i;
  }
  return ladder.length - 1;
}

export interface GifEngineOptions {
  /** aim: ≤ this many bytes (default 512000) */
  targetBytes?: number;
  /** hard cap: never ship more (default 1048576) */
  maxBytes?: number;
  /** concurrent conversions (default os.cpus().length) */
  poolSize?: number;
  /** per conversion, from leaving the queue (default 60000) */
  timeoutMs?: number;
  /** caption font (default: the bundled backend/assets/fonts/BiaoqingCaptionSans-Bold.otf) */
  fontPath?: string;
  /** parent of the per-job temp dirs (default os.tmpdir()) */
  tmpDir?: string;
  /** inputs with a longer side are refused with MEDIA_TOO_LARGE (default 4096) */
  maxInputSide?: number;
  /** longer inputs are cut to this (default 15000) */
  maxDurationMs?: number;
  /** a gifsicle binary for the lossy rungs; default: found on PATH; false: never */
  gifsicle?: string | false;
  /**
   * palettegen statistics: 'diff' (default) weights what moves (the sticker's subject), 'full' every pixel
   * (+0.006–0.017 SSIM on still backgrounds, +3–9 % bytes on busy clips in the bench)
   */
  paletteStats?: 'diff' | 'full';
  paths?: FfmpegPaths;
}

export interface ConvertOptions {
  /** the 表情包 text (≤ 16 characters; drawn on one or two lines, sized to fit the width) */
  caption?: string;
  /** where and in which colours (default: white with a black outline, at the bottom) */
  look?: CaptionLook;
  /** centre-crop to a square (default: keep the clip's aspect) */
  square?: boolean;
  /** a stricter ladder / byte limits for this conversion (e.g. PLATFORM_LIMITS); the engine's own by default */
  limits?: Partial<Limits>;
  /** parent of this conversion's temp dir (default: the engine's tmpDir) */
  tmpDir?: string;
}

/** What a conversion must fit: the ladder it may climb down, the size it aims for and the size it never exceeds. */
export interface Limits {
  ladder: readonly Rung[];
  targetBytes: number;
  maxBytes: number;
}

/**
 * The 表情开放平台's main images (docs/sticker-platform.md): exactly 240×240 and at most 500 KB, so every rung
 * keeps the 240 px side (used with `square: true`) and gives up frame rate and colours instead; the target is
 * also the hard cap. Estimates are relative to the first rung, like LADDER's.
 */
export const PLATFORM_LIMITS: Limits = {
  targetBytes: 500 * 1024,
  maxBytes: 500 * 1024,
  ladder: [
    { name: 'wx240-10fps-256c', side: 240, fps: 10, colors: 256, estimate: 1 },
    { name: 'wx240-8fps-256c', side: 240, fps: 8, colors: 256, estimate: 0.84 },
    { name: 'wx240-8fps-128c', side: 240, fps: 8, colors: 128, estimate: 0.63 },
    { name: 'wx240-8fps-64c', side: 240, fps: 8, colors: 64, estimate: 0.5 },
    { name: 'wx240-6fps-64c', side: 240, fps: 6, colors: 64, estimate: 0.4 },
    { name: 'wx240-6fps-32c', side: 240, fps: 6, colors: 32, estimate: 0.3 },
    { name: 'wx240-4fps-32c', side: 240, fps: 4, colors: 32, estimate: 0.2 },
    { name: 'wx240-4fps-16c', side: 240, fps: 4, colors: 16, estimate: 0.15 },
    { name: 'wx240-4fps-16c-lossy80', side: 240, fps: 4, colors: 16, lossy: 80, estimate: 0.1 },
  ],
};

export interface GifMetadata {
  width: number;
  height: number;
  fps: number;
  frames: number;
  durationMs: number;
  bytes: number;
}

export interface GifAttempt {
  rung: string;
  bytes: number;
  ms: number;
}

export interface GifResult {
  gif: Buffer;
  /** first frame, JPEG, long side 240 px (same crop and caption as the GIF) */
  thumbnail: Buffer;
  metadata: GifMetadata;
  rung: string;
  rungIndex: number;
  attempts: GifAttempt[];
  elapsedMs: number;
  source: { width: number; height: number; durationMs: number; codec: string };
}

/** A checked caption and its look. */
interface Caption {
  text: string;
  look: CaptionLook;
}

interface Source {
  file: string;
  width: number;
  height: number;
  fps: number;
  durationMs: number;
  codec: string;
}

export const DEFAULT_FONT = path.resolve(__dirname, '..', '..', 'assets', 'fonts', 'BiaoqingCaptionSans-Bold.otf');
const VIDEO_FORMATS = /(^|,)(mov|mp4|matroska|webm|avi|flv|gif)(,|$)/;
/**
 * Local files only, and only container demuxers: a "video" that is really a playlist (HLS, concat, …)
 * cannot make ffmpeg read other files or fetch URLs.
 */
const SAFE_INPUT = ['-protocol_whitelist', 'file', '-format_whitelist', 'mov,matroska,gif,avi,flv'];

export class GifEngine {
  readonly targetBytes: number;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly fontPath: string;
  readonly tmpDir: string;
  readonly maxInputSide: number;
  readonly maxDurationMs: number;
  readonly ladder: readonly Rung[];
  private readonly gifsicle?: string;
  private readonly paletteStats: 'diff' | 'full';
  private readonly pool: Pool;
  private readonly paths?: FfmpegPaths;

  constructor(options: GifEngineOptions = {}) {
    this.targetBytes = options.targetBytes ?? 512000;
    this.maxBytes = options.maxBytes ?? 1048576;
    if (this.targetBytes > this.maxBytes) {
      throw new Error(`[media] GIF target ${this.targetBytes} is above the hard cap ${this.maxBytes}`);
    }
    this.timeoutMs = options.timeoutMs ?? 60000;
    this.fontPath = options.fontPath ?? DEFAULT_FONT;
    this.tmpDir = options.tmpDir ?? os.tmpdir();
    this.maxInputSide = options.maxInputSide ?? 4096;
    this.maxDurationMs = options.maxDurationMs ?? 15000;
    this.gifsicle = options.gifsicle === false ? undefined : (options.gifsicle ?? findGifsicle());
    this.paletteStats = options.paletteStats ?? 'diff';
    this.ladder = LADDER.filter(r => r.lossy === undefined || this.gifsicle);
    this.pool = new Pool(options.poolSize ?? Math.max(1, os.cpus().length));
    this.paths = options.paths;
  }

  /** Checks at start-up that ffmpeg runs and the font exists, with a clear message otherwise. */
  async selfCheck(): Promise<void> {
    if (!fs.existsSync(this.fontPath)) throw new Error(`[media] caption font not found: ${this.fontPath}`);
    await new Promise<void>((resolve, reject) =>
      execFile(this.bins().ffmpeg, ['-hide_banner', '-filters'], { timeout: 10000 }, (err, stdout) => {
        if (err) reject(new Error(`[media] ffmpeg does not run (${this.bins().ffmpeg}): ${err.message}`));
        else if (!/\bdrawtext\b/.test(stdout) || !/\bpaletteuse\b/.test(stdout)) {
          reject(new Error(`[media] ${this.bins().ffmpeg} lacks the drawtext/paletteuse filters; set FFMPEG_PATH`));
        } else resolve();
      }),
    );
  }

  /** The caption font's glyphs and widths (parsed once). */
  font(): FontMetrics {
    if (!fs.existsSync(this.fontPath)) throw new Error(`[media] caption font not found: ${this.fontPath}`);
    return FontMetrics.load(this.fontPath);
  }

  /**
   * Checks a caption as convert() would, without converting: the normalized text, or undefined for none.
   * Throws MediaError CAPTION_TOO_LONG or CAPTION_UNSUPPORTED (a character the font cannot draw, e.g. emoji).
   */
  checkCaption(text: string | undefined | null): string | undefined {
    return normalizeCaption(text, text ? this.font() : undefined);
  }

  /**
   * Converts an MP4 (path or bytes). Throws MediaError: MEDIA_INVALID, MEDIA_TOO_LARGE, MEDIA_TIMEOUT,
   * CAPTION_TOO_LONG, CAPTION_UNSUPPORTED.
   */
  async convert(input: string | Buffer, options: ConvertOptions = {}): Promise<GifResult> {
    const text = this.checkCaption(options.caption);
    const caption = text === undefined ? undefined : { text, look: options.look ?? DEFAULT_LOOK };
    return this.pool.run(async () => {
      const started = Date.now();
      const deadline = started + this.timeoutMs;
      const dir = await fs.promises.mkdtemp(path.join(options.tmpDir ?? this.tmpDir, 'gif-'));
      try {
        const result = await this.convertIn(dir, input, caption, options.square === true, this.limits(options.limits), started, deadline);
        observeGifConversion(result.rung, result.elapsedMs);
        return result;
      } catch (err) {
        const error = this.asMediaError(err);
        countGifFailure(error instanceof MediaError ? error.code : 'unknown');
        throw error;
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    });
  }

  /** The engine's own ladder and byte limits, or a stricter set for this conversion (lossy rungs only with gifsicle). */
  private limits(override?: Partial<Limits>): Limits {
    const targetBytes = override?.targetBytes ?? this.targetBytes;
    const maxBytes = override?.maxBytes ?? Math.max(targetBytes, this.maxBytes);
    const ladder = override?.ladder ? override.ladder.filter(r => r.lossy === undefined || this.gifsicle) : this.ladder;
    return { ladder, targetBytes: Math.min(targetBytes, maxBytes), maxBytes };
  }

  private bins(): FfmpegPaths {
    return this.paths ?? ffmpegPaths();
  }

  private async convertIn(
    dir: string,
    input: string | Buffer,
    caption: Caption | undefined,
    square: boolean,
    plan: Limits,
    started: number,
    deadline: number,
  ): Promise<GifResult> {
    const file = typeof input === 'string' ? path.resolve(input) : path.join(dir, 'input.bin');
    if (typeof input !== 'string') await fs.promises.writeFile(file, input);
    if ((typeof input === 'string' ? (await fs.promises.stat(file)).size : input.length) === 0) {
      throw new MediaError('MEDIA_INVALID', '视频文件为空', { reason: 'empty' });
    }
    if (caption !== undefined) {
      const link = path.join(dir, 'font' + path.extname(this.fontPath));
      // A link is enough; copy where links are not allowed.
      await fs.promises.symlink(path.resolve(this.fontPath), link).catch(() => fs.promises.copyFile(this.fontPath, link));
    }
    const src = await this.probeSource(file, deadline);
    const attempts: GifAttempt[] = [];
    const results = new Map<number, Buffer>();
    const encode = async (i: number): Promise<number> => {
      const t = Date.now();
      const buf = await this.encodeRung(dir, src, plan.ladder[i]!, caption, square, deadline);
      results.set(i, buf);
      attempts.push({ rung: plan.ladder[i]!.name, bytes: buf.length, ms: Date.now() - t });
      return buf.length;
    };

    // The thumbnail does not depend on the rung: make it beside the first encode.
    const [first, thumb] = await Promise.allSettled([encode(0), this.thumbnail(dir, src, caption, square, deadline)]);
    if (first.status === 'rejected') throw first.reason;
    if (thumb.status === 'rejected') throw thumb.reason;
    const thumbnail = thumb.value;
    let at = 0;
    let bytes = first.value;
    let highestOver = bytes > plan.targetBytes ? 0 : -1;
    try {
      while (bytes > plan.targetBytes && at < plan.ladder.length - 1 && attempts.length < MAX_ATTEMPTS) {
        at = pickRung(plan.ladder, at, bytes, plan.targetBytes, at + 1);
        bytes = await encode(at);
        if (bytes > plan.targetBytes) highestOver = at;
      }
    } catch (err) {
      // Out of time with a result under the hard cap already made: ship that rather than nothing.
      const usable = [...results.values()].some(b => b.length <= plan.maxBytes);
      if (!(err instanceof FfmpegTimeoutError && usable)) throw err;
    }
    // Landed far under the target after a jump? One step back up, if it is estimated to fit.
    const up = at - 1;
    if (bytes <= plan.targetBytes && up > highestOver && !results.has(up) && attempts.length < MAX_ATTEMPTS) {
      if ((bytes / plan.ladder[at]!.estimate) * plan.ladder[up]!.estimate <= plan.targetBytes * SAFETY) {
        await encode(up).catch((err: unknown) => {
          if (!(err instanceof FfmpegTimeoutError)) throw err; // keep the result we have
        });
      }
    }
    const fits = [...results].filter(([, b]) => b.length <= plan.targetBytes).sort((a, b) => a[0] - b[0]);
    const underCap = [...results].filter(([, b]) => b.length <= plan.maxBytes).sort((a, b) => a[1].length - b[1].length);
    const chosen = fits[0] ?? underCap[0];
    if (!chosen) {
      const cap = `${Math.round((plan.maxBytes / 1048576) * 10) / 10}MB`;
      throw new MediaError('MEDIA_TOO_LARGE', `视频画面过于复杂，无法压缩到 ${cap} 以内，请换一个视频`, {
        reason: 'output_size',
        smallestBytes: Math.min(...[...results.values()].map(b => b.length)),
        maxBytes: plan.maxBytes,
        attempts,
      });
    }
    const [index, gif] = chosen;
    const info = inspectGif(gif);
    return {
      gif,
      thumbnail,
      metadata: {
        width: info.width,
        height: info.height,
        frames: info.frames,
        durationMs: info.durationMs,
        bytes: gif.length,
        fps: info.durationMs > 0 ? Math.round((info.frames * 100000) / info.durationMs) / 100 : 0,
      },
      rung: plan.ladder[index]!.name,
      rungIndex: index,
      attempts,
      elapsedMs: Date.now() - started,
      source: { width: src.width, height: src.height, durationMs: src.durationMs, codec: src.codec },
    };
  }

  private async probeSource(file: string, deadline: number): Promise<Source> {
    const info = await probe(file, remaining(deadline), this.bins(), SAFE_INPUT).catch((err: unknown) => {
      if (err instanceof FfmpegRunError) {
        throw new MediaError('MEDIA_INVALID', '视频文件已损坏或不是视频', { reason: 'unreadable', stderr: err.stderr }, err);
      }
      throw err;
    });
    const stream = info.streams?.find(s => s.codec_type === 'video');
    const format = info.format?.format_name ?? '';
    if (!stream || !VIDEO_FORMATS.test(format)) {
      throw new MediaError('MEDIA_INVALID', '文件不是视频', { reason: 'not_video', format });
    }
    const { width, height } = displaySize(stream);
    if (!(width > 0 && height > 0)) throw new MediaError('MEDIA_INVALID', '视频没有画面', { reason: 'no_frames' });
    if (Math.max(width, height) > this.maxInputSide) {
      throw new MediaError('MEDIA_TOO_LARGE', `视频分辨率过大（${width}×${height}），最长边不能超过 ${this.maxInputSide}`, {
        reason: 'resolution',
        width,
        height,
        maxSide: this.maxInputSide,
      });
    }
    const seconds = Number(info.format?.duration ?? stream.duration);
    const [num, den] = (stream.avg_frame_rate ?? stream.r_frame_rate ?? '0/0').split('/').map(Number);
    const fps = num && den ? num / den : 0;
    return {
      file,
      width,
      height,
      codec: stream.codec_name ?? 'unknown',
      fps: fps > 0 && fps < 240 ? fps : 0,
      durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0,
    };
  }

  /** The shared part of every graph: fps, crop, scale, caption (its line files are written into `dir`). */
  private frameChain(dir: string, src: Source, side: number, fps: number | undefined, caption: Caption | undefined, square: boolean) {
    const w0 = square ? Math.min(src.width, src.height) : src.width;
    const h0 = square ? Math.min(src.width, src.height) : src.height;
    const k = Math.min(1, side / Math.max(w0, h0));
    const w = Math.max(2, Math.round(w0 * k));
    const h = Math.max(2, Math.round(h0 * k));
    const parts: string[] = [];
    if (fps !== undefined) parts.push(`fps=${src.fps > 0 ? Math.min(fps, Math.round(src.fps * 100) / 100) : fps}`);
    if (square) parts.push(`crop='min(iw,ih)':'min(iw,ih)'`);
    parts.push(`scale=${w}:${h}:flags=lanczos`);
    if (caption !== undefined) {
      const layout = layoutCaption(caption.text, w, h, caption.look.position, this.font());
      const files = layout.lines.map((line, i) => {
        const name = `caption-${w}x${h}-${i}.txt`;
        fs.writeFileSync(path.join(dir, name), line, 'utf8');
        return name;
      });
      parts.push(buildCaptionFilter(layout, caption.look, 'font' + path.extname(this.fontPath), files));
    }
    return { chain: parts.join(','), width: w, height: h };
  }

  private inputOptions(src: Source): string[] {
    return [...SAFE_INPUT, ...(src.durationMs > this.maxDurationMs ? ['-t', String(this.maxDurationMs / 1000)] : [])];
  }

  private async encodeRung(dir: string, src: Source, rung: Rung, caption: Caption | undefined, square: boolean, deadline: number): Promise<Buffer> {
    // Lossy rungs post-process the plain encode of the same side/fps/colours (made once per job).
    const base = `${rung.side}-${rung.fps}-${rung.colors}.gif`;
    const basePath = path.join(dir, base);
    if (!fs.existsSync(basePath)) {
      const { chain } = this.frameChain(dir, src, rung.side, rung.fps, caption, square);
      const graph =
        `[0:v]${chain},split[a][b];[a]palettegen=max_colors=${rung.colors}:stats_mode=${this.paletteStats}[p];` +
        `[b][p]paletteuse=dither=bayer:bayer_scale=${BAYER_SCALE}:diff_mode=rectangle`;
      await runFfmpeg(
        {
          inputs: [{ path: src.file, options: this.inputOptions(src) }],
          complexFilter: graph,
          outputOptions: ['-an', '-loop', '0', '-f', 'gif'],
          output: base,
          cwd: dir,
          timeoutMs: remaining(deadline),
        },
        this.bins(),
      );
      const info = inspectGif(await fs.promises.readFile(basePath)); // throws MEDIA_INVALID on a broken GIF
      if (info.frames === 0) throw new MediaError('MEDIA_INVALID', '视频没有可用的画面', { reason: 'no_frames' });
    }
    if (rung.lossy === undefined || !this.gifsicle) return fs.promises.readFile(basePath);
    const lossyPath = path.join(dir, `${base}.lossy${rung.lossy}.gif`);
    const gifsicle = this.gifsicle;
    await new Promise<void>((resolve, reject) =>
      execFile(
        gifsicle,
        ['-O2', `--lossy=${rung.lossy}`, '--loopcount=forever', basePath, '-o', lossyPath],
        { timeout: remaining(deadline), killSignal: 'SIGKILL' },
        (err, _stdout, stderr) => {
          if (!err) resolve();
          else if ((err as { killed?: boolean }).killed) reject(new FfmpegTimeoutError(this.timeoutMs));
          else reject(new FfmpegRunError('gifsicle failed', String(stderr)));
        },
      ),
    );
    return fs.promises.readFile(lossyPath);
  }

  private async thumbnail(dir: string, src: Source, caption: Caption | undefined, square: boolean, deadline: number) {
    const { chain } = this.frameChain(dir, src, THUMB_SIDE, undefined, caption, square);
    await runFfmpeg(
      {
        inputs: [{ path: src.file, options: SAFE_INPUT }],
        complexFilter: `[0:v]${chain},format=yuvj420p`,
        outputOptions: ['-an', '-frames:v', '1', '-q:v', '4', '-f', 'mjpeg'],
        output: 'thumb.jpg',
        cwd: dir,
        timeoutMs: remaining(deadline),
      },
      this.bins(),
    );
    return fs.promises.readFile(path.join(dir, 'thumb.jpg'));
  }

  private asMediaError(err: unknown): unknown {
    if (err instanceof MediaError) return err;
    if (err instanceof FfmpegTimeoutError) {
      return new MediaError('MEDIA_TIMEOUT', '视频转换超时，请稍后重试', { reason: 'timeout', timeoutMs: this.timeoutMs }, err);
    }
    if (err instanceof FfmpegRunError) {
      return new MediaError('MEDIA_INVALID', '视频无法解码，文件可能已损坏', { reason: 'decode', stderr: err.stderr }, err);
    }
    return err;
  }
}

const remaining = (deadline: number) => Math.max(1, deadline - Date.now());
