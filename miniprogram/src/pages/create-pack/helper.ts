/** Create-pack form (pure): which expressions are picked, their captions, the request. */
import type { CaptionStyle, CreatePackRequest, ExpressionPreset, PackSubject } from '@app/shared'
import { CAPTION_MAX_LENGTH } from '../../constants'
import { charCount, validateCaption, validateRequired } from '../../utils/validate'

export const PACK_SIZES = [4, 8, 16] as const
export const LABEL_MAX_LENGTH = 10
export const DESCRIPTION_MAX_LENGTH = 300

export const SUBJECTS: Array<{ subject: PackSubject; title: string; hint: string }> = [
  { subject: 'photo', title: '照片', hint: '一张照片做出整套，效果最好' },
  { subject: 'character', title: '角色', hint: '联网了解角色样貌，整套共用一份描述' },
  { subject: 'description', title: '描述', hint: '用文字描述主角的样子' },
]

/** One sticker of the pack being put together. `action` is set only for the user's own expressions. */
export interface PickedExpression {
  label: string
  caption: string
  action?: string
}

/** Tap on a preset: add it (with its default caption) while there is room, or take it out. */
export function togglePreset(picked: PickedExpression[], preset: ExpressionPreset, size: number): PickedExpression[] {
  if (picked.some(p => p.label === preset.label)) return picked.filter(p => p.label !== preset.label)
  if (picked.length >= size) return picked
  return [...picked, { label: preset.label, caption: preset.caption }]
}

/** The user's own expression: its name is also its default caption and what the sticker acts out. */
export function addOwn(picked: PickedExpression[], label: string, size: number): PickedExpression[] {
  const clean = label.trim()
  if (!clean || picked.length >= size || picked.some(p => p.label === clean)) return picked
  return [...picked, { label: clean, caption: clean.slice(0, CAPTION_MAX_LENGTH), action: clean }]
}

export function setCaption(picked: PickedExpression[], index: number, caption: string): PickedExpression[] {
  return picked.map((p, i) => (i === index ? { ...p, caption } : p))
}

/** The first `size` presets, with their captions: what a new form starts with. */
export function defaultPicks(presets: ExpressionPreset[], size: number): PickedExpression[] {
  return presets.slice(0, size).map(p => ({ label: p.label, caption: p.caption }))
}

export interface PackForm {
  subject: PackSubject
  size: number
  imageId: string | null
  role: string
  source: string
  description: string
  picked: PickedExpression[]
  /** one style for every sticker's caption (absent: the server's default) */
  captionStyle?: CaptionStyle
}

export function packFormErrors(form: PackForm, captionMax: number = CAPTION_MAX_LENGTH) {
  let subject: string | null = null
  if (form.subject === 'photo' && !form.imageId) subject = '请先上传一张照片'
  if (form.subject === 'character') subject = validateRequired(form.role, '角色名称', 30)
  if (form.subject === 'description') subject = validateRequired(form.description, '主角描述', DESCRIPTION_MAX_LENGTH)
  const missing = form.size - form.picked.length
  const stickers = missing > 0 ? `还差 ${missing} 个表情` : form.picked.length > form.size ? `最多 ${form.size} 个表情` : null
  const captions = form.picked.map(p => validateCaption(p.caption, captionMax))
  return { subject, stickers, captions }
}

export function isPackFormValid(errors: ReturnType<typeof packFormErrors>): boolean {
  return !errors.subject && !errors.stickers && errors.captions.every(c => !c)
}

export function buildPackRequest(form: PackForm): CreatePackRequest {
  const stickers = form.picked.map(p => ({ label: p.label, caption: p.caption.trim(), ...(p.action ? { action: p.action } : {}) }))
  const base = { subject: form.subject, stickers, ...(form.captionStyle ? { captionStyle: form.captionStyle } : {}) }
  if (form.subject === 'photo') return { ...base, imageId: form.imageId ?? undefined }
  if (form.subject === 'character') return { ...base, role: form.role.trim(), ...(form.source.trim() ? { source: form.source.trim() } : {}) }
  return { ...base, description: form.description.trim() }
}

export function quoteLine(q: { subtotal: number; total: number; discountPercent: number } | null): string {
  if (!q) return ''
  if (q.total === q.subtotal) return `共 ${q.total} 积分`
  return `单买 ${q.subtotal} 积分，整套 ${100 - q.discountPercent} 折：${q.total} 积分`
}

export { charCount }
