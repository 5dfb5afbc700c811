/** The 表情包 caption: checking the text and drawing it on every frame of the GIF. */
import { MediaError } from './errors';

/** the same limit as shared's CAPTION_MAX_LENGTH (test/media/gif.test.ts checks they agree) */
export const MAX_CAPTION_CHARS = 16;

/**
 * Trims and checks a caption: one line, control characters dropped, at most 16 characters (code points).
 * Returns undefined for no caption. Throws CAPTION_TOO_LONG.
 */
export function normalizeCaption(text: string | undefined | null): string | undefined {
  if (text === undefined || text === null) return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (clean === '') return undefined;
  const chars = Array.from(clean).length;
  if (chars > MAX_CAPTION_CHARS) {
    throw new MediaError('CAPTION_TOO_LONG', `配字最多 ${MAX_CAPTION_CHARS} 个字（现在 ${chars} 个）`, {
      length: chars, max: MAX_CAPTION_CHARS,
    });
  }
  return clean;
}

/** Width of a line in em, roughly: CJK and full-width forms 1 em, Latin about half. */
function textEm(text: string): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x2e80 || (c >= 0x1100 && c <= 0x11ff)) em += 1;
    else if (ch === ' ') em += 0.3;
    else if (/[A-Z0-9MW@%&]/.test(ch)) em += 0.66;
    else em += 0.56;
  }
  return Math.max(em, 1);
}

/**
 * drawtext for a caption on a w×h frame: white with a dark outline, centred near the bottom, sized to fit
 * 92% of the width and at most 18% of the height. The text comes from a file in the job dir
 * (textfile=, expansion=none), so no user text ever enters the filter graph; both names are relative to cwd.
 */
export function buildCaptionFilter(text: string, w: number, h: number, fontFile: string, textFile: string): string {
  const size = Math.max(8, Math.floor(Math.min(h * 0.18, (w * 0.92) / textEm(text))));
  const border = Math.max(1, Math.round(size / 10));
  const margin = Math.max(3, Math.round(h * 0.04));
  return (
    `drawtext=fontfile=${fontFile}:textfile=${textFile}:expansion=none:fontsize=${size}:fontcolor=white:` +
    `borderw=${border}:bordercolor=black@0.85:x=(w-text_w)/2:y=h-text_h-${margin}`
  );
}
