/** Image sizing decisions for client-side compression (pure). */
import { IMAGE_COMPRESS_THRESHOLD_BYTES, IMAGE_MAX_SIDE } from '../constants'

/** Scale (w, h) down to fit inside maxSide × maxSide, keeping the ratio; never scales up. */
export function fitWithin(width: number, height: number, maxSide: number = IMAGE_MAX_SIDE): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: 0, height: 0 }
  const scale = Math.min(1, maxSide / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

export function needsCompression(bytes: number, width?: number, height?: number): boolean {
  if (bytes > IMAGE_COMPRESS_THRESHOLD_BYTES) return true
  if (width !== undefined && height !== undefined && Math.max(width, height) > IMAGE_MAX_SIDE) return true
  return false
}

/** weapp Taro.compressImage quality (0-100): harder for bigger files. */
export function compressQuality(bytes: number): number {
  if (bytes > 8 * 1024 * 1024) return 50
  if (bytes > 4 * 1024 * 1024) return 60
  return 75
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
