/** Web-search sticker form (pure). */
import type { CaptionStyle, CreateStickerRequest } from '@app/shared'
import { captionFields } from '../../utils/caption'
import { ACTION_MAX_LENGTH, CAPTION_MAX_LENGTH, ROLE_MAX_LENGTH, SOURCE_MAX_LENGTH } from '../../constants'
import { charCount, validateCaption, validateRequired } from '../../utils/validate'

export interface WebForm {
  role: string
  source: string
  action: string
  caption: string
}

export const EXAMPLE_ROLES: Array<Pick<WebForm, 'role' | 'source' | 'action'>> = [
  { role: '孙悟空', source: '西游记', action: '挠头嘿嘿笑' },
  { role: '皮卡丘', source: '宝可梦', action: '开心地跳起来' },
  { role: '马里奥', source: '任天堂游戏', action: '挥手打招呼' },
]

export const EXAMPLE_ACTIONS: string[] = ['正在跳舞', '竖起大拇指', '捂脸大哭', '比心', '点头说好的']

export function webFormErrors(form: WebForm, captionMax: number = CAPTION_MAX_LENGTH) {
  return {
    role: validateRequired(form.role, '角色', ROLE_MAX_LENGTH),
    source: charCount(form.source.trim()) > SOURCE_MAX_LENGTH ? `出处最多 ${SOURCE_MAX_LENGTH} 个字` : null,
    action: validateRequired(form.action, '动作', ACTION_MAX_LENGTH),
    caption: validateCaption(form.caption, captionMax),
  }
}

export function buildWebRequest(form: WebForm, captionStyle?: CaptionStyle): CreateStickerRequest {
  const source = form.source.trim()
  return {
    kind: 'web_search',
    role: form.role.trim(),
    action: form.action.trim(),
    ...(source ? { source } : {}),
    ...captionFields(form.caption, captionStyle),
  }
}
