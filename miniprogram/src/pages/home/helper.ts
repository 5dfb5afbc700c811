/** Home page logic (pure). */
import type { MetaResult, StickerKind } from '@app/shared'
import { ROUTES } from '../../constants'

export interface EntryPoint {
  kind: StickerKind
  title: string
  description: string
  icon: string
  route: string
  testId: string
}

export const ENTRY_POINTS: EntryPoint[] = [
  { kind: 'text', title: '文字生成', description: '一句话描述，生成动态表情', icon: '✍️', route: ROUTES.createText, testId: 'entry-text' },
  { kind: 'image', title: '图片生成', description: '上传照片，让它动起来', icon: '🖼️', route: ROUTES.createImage, testId: 'entry-image' },
  { kind: 'web_search', title: '联网角色生成', description: '输入角色名，联网了解样貌', icon: '🌐', route: ROUTES.createWeb, testId: 'entry-web' },
]

export function entryPrice(meta: MetaResult, kind: StickerKind): string {
  return `${meta.prices[kind]} 积分/个`
}

export function greeting(now: Date = new Date()): string {
  const hour = now.getHours()
  if (hour < 6) return '夜深了'
  if (hour < 12) return '早上好'
  if (hour < 18) return '下午好'
  return '晚上好'
}
