/** Text-to-sticker form (pure). */
import type { CaptionStyle, CreateStickerRequest } from '@app/shared'
import { captionFields } from '../../utils/caption'
import { CAPTION_MAX_LENGTH, PROMPT_MAX_LENGTH } from '../../constants'
import { validateCaption, validateRequired } from '../../utils/validate'

export { isValid } from '../../utils/validate'

export const EXAMPLE_PROMPTS: string[] = [
  '一只橘猫捂着脸偷笑',
  '柴犬竖起大拇指说好的',
  '熊猫抱着竹子开心地转圈',
  '小企鹅挥手说拜拜',
  '兔子躺平摆烂，翻了个身',
  '仓鼠双手合十拜托拜托',
]

export interface TextForm {
  prompt: string
  caption: string
  captionStyle?: CaptionStyle
}

export interface TextFormErrors {
  prompt: string | null
  caption: string | null
}

export function textFormErrors(form: TextForm, captionMax: number = CAPTION_MAX_LENGTH): TextFormErrors {
  return {
    prompt: validateRequired(form.prompt, '画面描述', PROMPT_MAX_LENGTH),
    caption: validateCaption(form.caption, captionMax),
  }
}

export function buildTextRequest(form: TextForm): CreateStickerRequest {
  return { kind: 'text', prompt: form.prompt.trim(), ...captionFields(form.caption, form.captionStyle) }
}
