/**
 * Where the simulator finds ffmpeg, ffprobe and a font: FFMPEG_PATH / FFPROBE_PATH, else the binaries shipped
 * by @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe; the first .otf/.ttf/.ttc in backend/assets/fonts
 * (CJK), else DejaVu from the system (ASCII only), else no text at all.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  /** undefined: no usable font, clips carry shapes instead of text */
  font?: string;
  /** false when the font is a fallback without CJK glyphs: non-ASCII text is left out */
  fontHasCjk: boolean;
}

const FONT_DIR = path.resolve(__dirname, '..', '..', 'assets', 'fonts');
const SYSTEM_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'];

function installerPath(pkg: string, env: string): string {
  const fromEnv = process.env[env];
  if (fromEnv) return fromEnv;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(pkg) as { path?: unknown };
  if (typeof mod.path !== 'string') throw new Error(`[simulator] ${pkg} did not provide a binary path; set ${env}`);
  return mod.path;
}

function findFont(override?: string): { font?: string; fontHasCjk: boolean } {
  if (override) return { font: override, fontHasCjk: true };
  const bundled = fs.existsSync(FONT_DIR)
    ? fs.readdirSync(FONT_DIR).filter(f => /\.(otf|ttf|ttc)$/i.test(f)).sort()
    : [];
  if (bundled[0]) return { font: path.join(FONT_DIR, bundled[0]), fontHasCjk: true };
  const system = SYSTEM_FONTS.find(f => fs.existsSync(f));
  return { font: system, fontHasCjk: false };
}

export function resolveMediaTools(fontOverride?: string): MediaTools {
  return {
    ffmpeg: installerPath('@ffmpeg-installer/ffmpeg', 'FFMPEG_PATH'),
    ffprobe: installerPath('@ffprobe-installer/ffprobe', 'FFPROBE_PATH'),
    ...findFont(fontOverride),
  };
}
