/** Result page logic (pure). */
import type { StickerView } from '@app/shared'
import { isInProgress } from '../../utils/format'

export type ResultView = 'success' | 'failed' | 'canceled' | 'progress'

export function resultView(sticker: Pick<StickerView, 'status'>): ResultView {
  if (sticker.status === 'SUCCEEDED') return 'success'
  if (sticker.status === 'CANCELED') return 'canceled'
  if (sticker.status === 'FAILED') return 'failed'
  return isInProgress(sticker.status) ? 'progress' : 'failed'
}

const CJK = /[\u3400-\u9fff]/

const REASONS: Array<[RegExp, string]> = [
  [/inspection|green|sensitive|risk|inappropriate|content|审核/i, '内容未通过安全审核，换个描述试试'],
  [/timeout|timed out|expired/i, '生成超时了，服务繁忙时会出现，请稍后重试'],
  [/quota|rate|throttl|429|too many/i, '生成服务太忙了，请稍后重试'],
  [/image|decode|format|size/i, '图片不适合生成，换一张清晰的正面照片试试'],
  [/ffmpeg|gif|convert|media/i, '动图制作失败，请重试'],
  [/cancel/i, '任务已取消'],
]

/** The reason a task failed, in plain Chinese (the raw provider message is never shown as is unless it is Chinese). */
export function failureReason(message: string | null | undefined): string {
  const text = (message ?? '').trim()
  if (text && CJK.test(text)) {
    // the page says the credits came back on its own line; don't say it twice
    const reason = text.replace(/[，,（(]?\s*积分已退回\s*[）)]?/g, '').replace(/[，,]\s*$/, '') || text
    return reason.length > 80 ? `${reason.slice(0, 80)}…` : reason
  }
  for (const [pattern, reason] of REASONS) if (pattern.test(text)) return reason
  return '生成没有成功，可能是服务繁忙，请稍后重试'
}

export type SaveFailure = 'auth-denied' | 'cancel' | 'other'

/** Classify a wx.saveImageToPhotosAlbum / downloadFile failure by its errMsg. */
export function saveFailureKind(errMsg: unknown): SaveFailure {
  const text = typeof errMsg === 'string' ? errMsg : ''
  if (/auth den|auth deny|authorize|no permission|permission denied/i.test(text)) return 'auth-denied'
  if (/cancel/i.test(text)) return 'cancel'
  return 'other'
}

/** File name for the H5 download link. */
export function downloadName(sticker: Pick<StickerView, 'jobId' | 'caption'>): string {
  const base = (sticker.caption ?? '').replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 16)
  return `${base || '表情'}-${sticker.jobId.slice(-6)}.gif`
}

/**
 * How large to show a GIF in a square box of `box` px: a whole multiple of its own size when it is smaller (a
 * 200×200 GIF at 1× or 2×, never a blurry 1.45×), its own size when it just fits, scaled down to fit otherwise.
 */
export function gifDisplaySize(natural: { width: number; height: number }, box: number): { width: number; height: number } {
  const { width, height } = natural
  if (!(width > 0) || !(height > 0) || !(box > 0)) return { width: box, height: box }
  const side = Math.max(width, height)
  const scale = side <= box ? Math.floor(box / side) : box / side
  return { width: Math.round(width * scale), height: Math.round(height * scale) }
}
