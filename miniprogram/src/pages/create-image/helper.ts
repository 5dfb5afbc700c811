/** Image-to-sticker form (pure). */
import type { CaptionStyle, CreateStickerRequest } from '@app/shared'
import { captionFields } from '../../utils/caption'
import { CAPTION_MAX_LENGTH, PROMPT_MAX_LENGTH } from '../../constants'
import { validateCaption, validateRequired } from '../../utils/validate'

export const MOTION_EXAMPLES: string[] = ['眨眨眼微笑', '开心地挥手', '点头说好的', '惊讶地张大嘴', '害羞地捂脸', '左右摇头']

export type UploadState = { phase: 'idle' } | { phase: 'uploading'; percent: number } | { phase: 'done'; imageId: string } | { phase: 'error'; message: string }

export interface ImageForm {
  upload: UploadState
  prompt: string
  caption: string
  captionStyle?: CaptionStyle
}

export function imageFormErrors(form: ImageForm, captionMax: number = CAPTION_MAX_LENGTH) {
  let image: string | null = null
  if (form.upload.phase === 'idle') image = '请先选择一张照片'
  else if (form.upload.phase === 'uploading') image = '照片还在上传，请稍候'
  else if (form.upload.phase === 'error') image = form.upload.message
  return {
    image,
    prompt: validateRequired(form.prompt, '动作描述', PROMPT_MAX_LENGTH),
    caption: validateCaption(form.caption, captionMax),
  }
}

export function buildImageRequest(imageId: string, form: Pick<ImageForm, 'prompt' | 'caption' | 'captionStyle'>): CreateStickerRequest {
  return { kind: 'image', imageId, prompt: form.prompt.trim(), ...captionFields(form.caption, form.captionStyle) }
}

export function uploadLabel(state: UploadState): string {
  switch (state.phase) {
    case 'uploading':
      return state.percent > 0 && state.percent < 100 ? `上传中 ${state.percent}%` : '上传中…'
    case 'done':
      return '已上传'
    case 'error':
      return '上传失败，点击重新上传'
    default:
      return ''
  }
}

/**
 * The photo field's message, next to the photo: a file the device could not read, or the server's reason
 * for refusing the upload (e.g. "每边至少 360 像素") as soon as the upload answers, and it stays there until
 * another photo is picked; otherwise the form's own rule once the user pressed 生成.
 */
export function photoError(upload: UploadState, pickError: string | null, formError: string | null): string | null {
  if (pickError) return pickError
  if (upload.phase === 'error') return upload.message
  return formError
}
