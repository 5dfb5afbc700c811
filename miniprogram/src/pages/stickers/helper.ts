/** "我的表情" list logic (pure). */
import type { StickerView } from '@app/shared'
import { ROUTES } from '../../constants'
import { isInProgress } from '../../utils/format'
import { buildQuery } from '../../utils/url'

/** Where tapping a card goes: the progress page while it runs, else the result page. */
export function cardTarget(sticker: Pick<StickerView, 'jobId' | 'status'>): string {
  const page = isInProgress(sticker.status) ? ROUTES.generating : ROUTES.result
  return `${page}${buildQuery({ jobId: sticker.jobId })}`
}

export function countInProgress(items: Array<Pick<StickerView, 'status'>>): number {
  return items.filter(item => isInProgress(item.status)).length
}

/** Replace one sticker in the list (after a retry, the new job takes the old one's place at the top). */
export function prependSticker(items: StickerView[], sticker: StickerView): StickerView[] {
  return [sticker, ...items.filter(item => item.jobId !== sticker.jobId)]
}
