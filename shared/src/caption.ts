/**
 * Caption styles: where the 表情包 text sits and which colour preset draws it. The size is not a choice:
 * the GIF engine fits the text to the width, on one line or two.
 */
export const CAPTION_POSITIONS = ['top', 'middle', 'bottom'] as const;
export type CaptionPosition = (typeof CAPTION_POSITIONS)[number];

export interface CaptionColorPreset {
  label: string;
  /** text colour, #RRGGBB */
  fill: string;
  /** outline colour, #RRGGBB */
  outline: string;
}

export const CAPTION_COLOR_NAMES = ['white', 'black', 'yellow', 'red', 'pink', 'blue'] as const;
export type CaptionColor = (typeof CAPTION_COLOR_NAMES)[number];

/** Colour presets, each a fill with a contrasting outline so the text reads on any frame. */
export const CAPTION_COLORS: Record<CaptionColor, CaptionColorPreset> = {
  white: { label: '白字黑边', fill: '#FFFFFF', outline: '#000000' },
  black: { label: '黑字白边', fill: '#111111', outline: '#FFFFFF' },
  yellow: { label: '黄字黑边', fill: '#FFD400', outline: '#000000' },
  red: { label: '红字白边', fill: '#E8262B', outline: '#FFFFFF' },
  pink: { label: '粉字白边', fill: '#FF5FA2', outline: '#FFFFFF' },
  blue: { label: '蓝字白边', fill: '#1E6FFF', outline: '#FFFFFF' },
};

export const CAPTION_POSITION_LABELS: Record<CaptionPosition, string> = { top: '顶部', middle: '中间', bottom: '底部' };

export interface CaptionStyle {
  position: CaptionPosition;
  color: CaptionColor;
}

export const DEFAULT_CAPTION_STYLE: CaptionStyle = { position: 'bottom', color: 'white' };

/**
 * A style from untrusted input (JSON object or its string form); missing fields take the default.
 * Returns an error message (Chinese) for anything else, so callers answer 400.
 */
export function parseCaptionStyle(raw: unknown): CaptionStyle | { error: string } {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return { error: 'captionStyle 格式不正确' };
    }
  }
  if (v === undefined || v === null) return { ...DEFAULT_CAPTION_STYLE };
  if (typeof v !== 'object' || Array.isArray(v)) return { error: 'captionStyle 格式不正确' };
  const o = v as Record<string, unknown>;
  const position = o.position ?? DEFAULT_CAPTION_STYLE.position;
  const color = o.color ?? DEFAULT_CAPTION_STYLE.color;
  if (typeof position !== 'string' || !(CAPTION_POSITIONS as readonly string[]).includes(position)) {
    return { error: `配字位置只能是 ${CAPTION_POSITIONS.join('、')}` };
  }
  if (typeof color !== 'string' || !(CAPTION_COLOR_NAMES as readonly string[]).includes(color)) {
    return { error: `配字颜色只能是 ${CAPTION_COLOR_NAMES.join('、')}` };
  }
  return { position: position as CaptionPosition, color: color as CaptionColor };
}
