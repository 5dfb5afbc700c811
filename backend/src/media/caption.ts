/** The 表情包 caption: checking the text, laying it out (fit, position, colours) and drawing it with drawtext. */
import { MediaError } from './errors';
import { FontMetrics } from './font-metrics';

/** the same limit as shared's CAPTION_MAX_LENGTH (test/media/gif.test.ts checks they agree) */
export const MAX_CAPTION_CHARS = 16;

/** How a caption looks: shared's CaptionStyle resolved to colours (the media layer keeps no runtime tie to shared). */
export interface CaptionLook {
  position: 'top' | 'middle' | 'bottom';
  /** #RRGGBB */
  fill: string;
  /** #RRGGBB */
  outline: string;
}

export const DEFAULT_LOOK: CaptionLook = { position: 'bottom', fill: '#FFFFFF', outline: '#000000' };

/** what users read when a caption has a character the font lacks (almost always an emoji) */
export const CAPTION_UNSUPPORTED_MESSAGE = '配字暂不支持表情符号（emoji），请只用文字和标点';

/**
 * Trims and checks a caption: one line, control characters dropped, at most 16 characters (code points).
 * Returns undefined for no caption. Throws CAPTION_TOO_LONG; with `font`, also CAPTION_UNSUPPORTED for
 * characters the font cannot draw (emoji, which drawtext would silently leave out).
 */
export function normalizeCaption(text: string | undefined | null, font?: FontMetrics): string | undefined {
  if (text === undefined || text === null) return undefined;
  const clean = String(text)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '') return undefined;
  const chars = Array.from(clean).length;
  if (chars > MAX_CAPTION_CHARS) {
    throw new MediaError('CAPTION_TOO_LONG', `配字最多 ${MAX_CAPTION_CHARS} 个字（现在 ${chars} 个）`, {
      length: chars,
      max: MAX_CAPTION_CHARS,
    });
  }
  const missing = font?.missing(clean) ?? [];
  if (missing.length > 0) {
    throw new MediaError('CAPTION_UNSUPPORTED', `${CAPTION_UNSUPPORTED_MESSAGE}：${missing.join(' ')}`, { characters: missing });
  }
  return clean;
}

export interface CaptionLayout {
  lines: string[];
  /** font size in px */
  size: number;
  border: number;
  /** top of each line's box, px */
  ys: number[];
}

/** Share of the frame width the text (outline included) may use. */
const WIDTH_SHARE = 0.9;
const LINE_HEIGHT = 1.2;

/** The break points of a line: at spaces, else beside any CJK/full-width character, else anywhere. */
function splits(text: string): [string, string][] {
  const chars = Array.from(text);
  const out: [string, string][] = [];
  for (let i = 1; i < chars.length; i++) {
    const a = chars.slice(0, i).join('').trim();
    const b = chars.slice(i).join('').trim();
    if (a && b) out.push([a, b]);
  }
  const wide = (ch: string | undefined) => (ch?.codePointAt(0) ?? 0) >= 0x2e80;
  const atSpace = out.filter((_, k) => chars[k + 1] === ' ' || chars[k] === ' ');
  const atCjk = out.filter((_, k) => wide(chars[k]) || wide(chars[k + 1]));
  return atSpace.length ? atSpace : atCjk.length ? atCjk : out;
}

/**
 * Fits the caption to a w×h frame: the biggest size (≤ 18% of the height) at which one line fits 90% of
 * the width; a long caption goes on two balanced lines when that makes it bigger. Widths come from the
 * font's own advances, so nothing runs off the edges.
 */
export function layoutCaption(text: string, w: number, h: number, position: CaptionLook['position'], font: FontMetrics): CaptionLayout {
  const room = w * WIDTH_SHARE;
  // text em + the outline on both sides (border = size/10)
  const fit = (lines: string[], cap: number) => Math.min(cap, room / (Math.max(...lines.map(l => font.widthEm(l))) + 0.2));
  let lines = [text];
  let size = fit(lines, h * 0.18);
  // the most balanced break (its longer line is the shortest)
  const widest = (pair: string[]) => Math.max(...pair.map(l => font.widthEm(l)));
  const pair = splits(text).sort((a, b) => widest(a) - widest(b))[0];
  // two lines only when clearly bigger: one line reads faster
  if (pair && fit(pair, h * 0.15) > size * 1.15) {
    lines = pair;
    size = fit(pair, h * 0.15);
  }
  size = Math.max(8, Math.floor(size));
  const border = Math.max(1, Math.round(size / 10));
  const lineH = Math.round(size * LINE_HEIGHT);
  const margin = Math.max(3, Math.round(h * 0.04));
  const block = lineH * lines.length;
  const top = position === 'top' ? margin : position === 'middle' ? Math.round((h - block) / 2) : h - margin - block;
  return { lines, size, border, ys: lines.map((_, i) => top + i * lineH) };
}

/**
 * One drawtext per line, each centred. The text comes from files in the job dir (textfile=,
 * expansion=none), so no user text ever enters the filter graph; all names are relative to cwd.
 */
export function buildCaptionFilter(layout: CaptionLayout, look: CaptionLook, fontFile: string, textFiles: string[]): string {
  const hex = (c: string) => `0x${c.replace('#', '')}`;
  return layout.lines
    .map(
      (_, i) =>
        `drawtext=fontfile=${fontFile}:textfile=${textFiles[i]}:expansion=none:fontsize=${layout.size}:` +
        `fontcolor=${hex(look.fill)}:borderw=${layout.border}:bordercolor=${hex(look.outline)}:` +
        `x=(w-text_w)/2:y=${layout.ys[i]}`,
    )
    .join(',');
}
