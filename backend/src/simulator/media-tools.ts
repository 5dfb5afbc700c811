/**
 * Where the simulator finds ffmpeg, ffprobe (the media layer's resolver: FFMPEG_PATH / FFPROBE_PATH, system,
 * npm) and a font: the first .otf/.ttf/.ttc in backend/assets/fonts (CJK), else DejaVu from the system (ASCII
 * only), else no text at all (also when the ffmpeg build has no drawtext).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ffmpegPaths } from '../media/ffmpeg';

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

const drawtextSupport = new Map<string, boolean>();

/** Whether this ffmpeg build has the drawtext filter (needs libfreetype); checked once per binary. */
function hasDrawtext(ffmpeg: string): boolean {
  let known = drawtextSupport.get(ffmpeg);
  if (known === undefined) {
    const filters = execFileSync(ffmpeg, ['-hide_banner', '-filters'], { encoding: 'utf8', timeout: 20000 });
    known = /\sdrawtext\s/.test(filters);
    drawtextSupport.set(ffmpeg, known);
  }
  return known;
}

function findFont(override?: string): { font?: string; fontHasCjk: boolean } {
  if (override) return { font: override, fontHasCjk: true };
  const bundled = fs.existsSync(FONT_DIR)
    ? fs
        .readdirSync(FONT_DIR)
        .filter(f => /\.(otf|ttf|ttc)$/i.test(f))
        .sort()
    : [];
  if (bundled[0]) return { font: path.join(FONT_DIR, bundled[0]), fontHasCjk: true };
  const system = SYSTEM_FONTS.find(f => fs.existsSync(f));
  return { font: system, fontHasCjk: false };
}

export function resolveMediaTools(fontOverride?: string): MediaTools {
  const { ffmpeg, ffprobe } = ffmpegPaths();
  const font = hasDrawtext(ffmpeg) ? findFont(fontOverride) : { font: undefined, fontHasCjk: false };
  return { ffmpeg, ffprobe, ...font };
}
