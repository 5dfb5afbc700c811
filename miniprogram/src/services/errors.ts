/**
 * Turning HTTP answers into data or a user-facing Chinese error (pure; request.ts does the I/O).
 *
 * Three envelopes reach the app:
 *  - 'app'          `{code:'OK',data}` / `{code:<ErrorCode>,message}` (shared/src/envelope.ts)
 *  - 'legacy-user'  seed 001 users API `{code:0,message,data?}` / `{code:1,message}`
 *  - 'legacy-video' seed 001 query `{code:200,data}`; `{code:500,message:'任务不存在',data:{status:'UNKNOWN'}}`
 */

export type Envelope = 'app' | 'legacy-user' | 'legacy-video'

export class ApiError extends Error {
  /** ErrorCode of the app envelope, or NETWORK / TIMEOUT / HTTP_<status> / LEGACY_ERROR */
  readonly code: string
  /** HTTP status; 0 when no answer arrived */
  readonly status: number
  readonly requestId?: string
  /** true when the app already reacted (e.g. sent the user to the login page): pages stay quiet */
  handled: boolean

  constructor(message: string, code: string, status: number, requestId?: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.requestId = requestId
    this.handled = false
    Object.setPrototypeOf(this, ApiError.prototype)
  }
}

export function isApiError(error: unknown): error is ApiError {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ApiError'
}

const CJK = /[\u3400-\u9fff]/

/** Seed 001 speaks English; users read Chinese. */
const LEGACY_MESSAGES: Array<[RegExp, string]> = [
  [/invalid phone or password/i, '手机号或密码错误'],
  [/invalid phone number/i, '手机号格式不正确'],
  [/already exists/i, '该手机号已注册，请直接登录'],
  [/password.*(at least|8)/i, '密码至少 8 位'],
  [/invalid or expired jwt/i, '登录已过期，请重新登录'],
]

const CODE_MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  INVALID_PHONE: '手机号格式不正确',
  PASSWORD_TOO_SHORT: '密码至少 8 位',
  PHONE_TAKEN: '该手机号已注册，请直接登录',
  INVALID_CREDENTIALS: '手机号或密码错误',
  UNAUTHORIZED: '登录已过期，请重新登录',
  FORBIDDEN: '没有权限执行此操作',
  ACCOUNT_DISABLED: '账号已被停用，请联系客服',
  ACCOUNT_BUSY: '还有表情正在生成，完成后再注销',
  NOT_FOUND: '内容不存在或已被删除',
  RATE_LIMITED: '操作太频繁了，请稍后再试',
  SMS_CODE_INVALID: '验证码不正确',
  SMS_CODE_EXPIRED: '验证码已过期，请重新获取',
  SMS_SEND_FAILED: '短信发送失败，请稍后重试',
  WECHAT_LOGIN_FAILED: '微信登录失败，请改用验证码登录',
  INSUFFICIENT_CREDITS: '积分不足',
  CONTENT_REJECTED: '内容未通过审核，请换个说法试试',
  PAYLOAD_TOO_LARGE: '文件太大了，请换一张小一点的图片',
  UNSUPPORTED_MEDIA: '不支持这种图片格式，请使用 JPG 或 PNG',
  IMAGE_INVALID: '图片无法识别，请换一张',
  IMAGE_TOO_SMALL: '图片太小了，请换一张更清晰的',
  CAPTION_TOO_LONG: '配字太长了',
  CAPTION_UNSUPPORTED: '配字暂不支持表情符号',
  MEDIA_INVALID: '生成的视频无法处理，请重试',
  MEDIA_TOO_LARGE: '生成的动图太大，请重试',
  MEDIA_TIMEOUT: '处理超时，请重试',
  TASK_NOT_RETRYABLE: '这个任务不能重试',
  TASK_NOT_CANCELLABLE: '任务已在处理，无法取消',
  TASK_NOT_RECAPTIONABLE: '只有已完成的表情可以改字',
  PROVIDER_ERROR: '生成服务出错了，请稍后重试',
  PROVIDER_UNAVAILABLE: '生成服务暂时不可用，请稍后重试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后重试',
  INTERNAL_ERROR: '服务器开小差了，请稍后重试',
}

export function statusMessage(status: number): string {
  if (status === 401) return '登录已过期，请重新登录'
  if (status === 402) return '积分不足'
  if (status === 403) return '没有权限执行此操作'
  if (status === 404) return '内容不存在或已被删除'
  if (status === 413) return '文件太大了'
  if (status === 429) return '操作太频繁了，请稍后再试'
  if (status >= 500) return '服务器开小差了，请稍后重试'
  if (status >= 400) return '请求有误，请检查后重试'
  return '出错了，请稍后重试'
}

/** Pick what to show: the server's Chinese message, else a known translation, else a generic line. */
export function friendlyMessage(code: string | undefined, status: number, serverMessage?: unknown): string {
  const message = typeof serverMessage === 'string' ? serverMessage.trim() : ''
  if (message && CJK.test(message) && message.length <= 80) return message
  if (message) {
    for (const [pattern, text] of LEGACY_MESSAGES) if (pattern.test(message)) return text
  }
  if (code && CODE_MESSAGES[code]) return CODE_MESSAGES[code] as string
  return statusMessage(status)
}

/** A request that got no HTTP answer (Taro's fail callback). */
export function networkError(errMsg: unknown): ApiError {
  const text = typeof errMsg === 'string' ? errMsg : ''
  if (/timeout|超时/i.test(text)) return new ApiError('网络超时，请检查网络后重试', 'TIMEOUT', 0)
  return new ApiError('网络连接失败，请检查网络后重试', 'NETWORK', 0)
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

/** Taro gives the body parsed, or a string when it was not JSON (or from uploadFile). */
export function parseBody(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw
  const text = raw.trim()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return raw
  }
}

export type Interpreted<T> = { ok: true; data: T } | { ok: false; error: ApiError }

/**
 * Map (HTTP status, body) to the value the caller asked for or an ApiError.
 *  - app: `data` of `{code:'OK'}`
 *  - legacy-user: the whole `{code:0,message,data?}` body
 *  - legacy-video: the `data` object, including `{status:'UNKNOWN'}` for a missing task
 */
export function interpretResponse<T>(status: number, rawBody: unknown, envelope: Envelope): Interpreted<T> {
  const body = asRecord(parseBody(rawBody))
  const requestId = typeof body?.requestId === 'string' ? body.requestId : undefined
  const fail = (code: string, message: unknown): Interpreted<T> => ({
    ok: false,
    error: new ApiError(friendlyMessage(code, status, message), code, status, requestId),
  })

  if (envelope === 'app') {
    if (status >= 200 && status < 300 && body && body.code === 'OK') return { ok: true, data: body.data as T }
    const code = typeof body?.code === 'string' && body.code !== 'OK' ? body.code : `HTTP_${status}`
    return fail(code, body?.message)
  }

  if (envelope === 'legacy-user') {
    if (status >= 200 && status < 300 && body && body.code === 0) return { ok: true, data: body as T }
    const code = status === 401 ? 'UNAUTHORIZED' : body ? 'LEGACY_ERROR' : `HTTP_${status}`
    return fail(code, body?.message ?? body?.error)
  }

  // legacy-video
  const data = asRecord(body?.data)
  if (status !== 401 && data && data.status === 'UNKNOWN') return { ok: true, data: data as T }
  if (status >= 200 && status < 300 && body && body.code === 200 && data) return { ok: true, data: data as T }
  const code = status === 401 ? 'UNAUTHORIZED' : body ? 'LEGACY_ERROR' : `HTTP_${status}`
  return fail(code, body?.message ?? body?.error)
}

/** Should a failed request send the user to the login page? (not for a wrong password) */
export function isSessionExpired(error: ApiError): boolean {
  return error.status === 401 && error.code !== 'INVALID_CREDENTIALS'
}

/** The message to show for anything a page caught. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message
  return '出错了，请稍后重试'
}
