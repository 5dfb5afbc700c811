/** The caption part of a create request (pure). */
import type { CaptionStyle, CreateStickerRequest } from '@app/shared'

/** `caption` (trimmed) and its style, or nothing for an empty caption. */
export function captionFields(caption: string, style?: CaptionStyle): Pick<CreateStickerRequest, 'caption' | 'captionStyle'> {
  const text = caption.trim()
  if (!text) return {}
  return style ? { caption: text, captionStyle: style } : { caption: text }
}
