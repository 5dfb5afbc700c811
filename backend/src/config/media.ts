/**
 * Media settings from the environment (every variable is listed in /.env.example): the GIF engine's options and
 * where ffmpeg, ffprobe and gifsicle come from. Each reader takes the variables as an argument (process.env by
 * default) so tests can hand in their own.
 */
import type { GifEngineOptions } from '../media/gif';
import type { Env } from './env';

/** The variables that say where the media tools are (media/ffmpeg.ts resolves them). */
export interface ToolEnv {
  FFMPEG_PATH?: string;
  FFPROBE_PATH?: string;
  GIFSICLE_PATH?: string;
  /** searched for system binaries */
  PATH?: string;
}

export function toolEnv(env: Env = process.env): ToolEnv {
  return { FFMPEG_PATH: env.FFMPEG_PATH, FFPROBE_PATH: env.FFPROBE_PATH, GIFSICLE_PATH: env.GIFSICLE_PATH, PATH: env.PATH };
}

/**
 * Engine options (all optional): GIF_TARGET_BYTES (512000), GIF_MAX_BYTES (1048576), GIF_POOL_SIZE (CPU count),
 * GIF_TIMEOUT_MS (60000), GIF_FONT_PATH (bundled font), MEDIA_TMP_DIR (OS temp), GIF_PALETTE_STATS (diff | full).
 * Throws a clear message for a malformed value.
 */
export function gifEngineOptionsFromEnv(env: Env = process.env): GifEngineOptions {
  const int = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`[media] ${name} must be a positive integer, got ${raw}`);
    return n;
  };
  const stats = env.GIF_PALETTE_STATS || undefined;
  if (stats !== undefined && stats !== 'diff' && stats !== 'full') {
    throw new Error(`[media] GIF_PALETTE_STATS must be diff or full, got ${stats}`);
  }
  return {
    targetBytes: int('GIF_TARGET_BYTES'),
    maxBytes: int('GIF_MAX_BYTES'),
    poolSize: int('GIF_POOL_SIZE'),
    timeoutMs: int('GIF_TIMEOUT_MS'),
    fontPath: env.GIF_FONT_PATH || undefined,
    tmpDir: env.MEDIA_TMP_DIR || undefined,
    paletteStats: stats,
  };
}
