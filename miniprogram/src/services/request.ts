/**
 * The one module that talks HTTP (Taro.request / Taro.uploadFile).
 *
 * - base URL from the build (TARO_APP_API_BASE, see config/index.ts)
 * - `Authorization: Bearer <token>` from storage
 * - 401 → token cleared, user sent to the login page (which comes back here afterwards)
 * - answers unwrapped into a typed Promise<T>; failures become an ApiError whose message is
 *   user-facing Chinese (never a raw code or stack trace)
 */
import Taro from '@tarojs/taro'
import { buildQuery, type QueryValue } from '../utils/url'
import { clearToken, getToken } from './auth'
import { ApiError, type Envelope, interpretResponse, isSessionExpired, networkError } from './errors'
import { redirectToLogin } from './nav'

export const API_BASE: string = process.env.TARO_APP_API_BASE || ''

/** what Taro hands back before interpretResponse parses it */
type RawBody = string | ArrayBuffer | Record<string, unknown>

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface RequestOptions {
  method?: Method
  /** JSON body */
  data?: object
  query?: Record<string, QueryValue>
  envelope?: Envelope
  /** send the token and treat 401 as an expired session (default true) */
  auth?: boolean
  /** on 401 only forget the token, do not open the login page (pages that also work logged out) */
  quiet401?: boolean
  timeoutMs?: number
}

function headers(auth: boolean, json: boolean): Record<string, string> {
  const result: Record<string, string> = {}
  if (json) result['Content-Type'] = 'application/json'
  const token = auth ? getToken() : ''
  if (token) result.Authorization = `Bearer ${token}`
  return result
}

function settle<T>(status: number, body: unknown, envelope: Envelope, auth: boolean, quiet401 = false): T {
  const outcome = interpretResponse<T>(status, body, envelope)
  if (outcome.ok) return outcome.data
  const error = outcome.error
  if (auth && isSessionExpired(error)) {
    clearToken()
    error.handled = true
    if (!quiet401) redirectToLogin()
  }
  throw error
}

function errMsgOf(failure: unknown): unknown {
  return typeof failure === 'object' && failure !== null ? (failure as { errMsg?: unknown }).errMsg : undefined
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const auth = options.auth ?? true
  const envelope = options.envelope ?? 'app'
  const url = `${API_BASE}${path}${buildQuery(options.query)}`
  let response: Taro.request.SuccessCallbackResult<RawBody>
  try {
    response = await new Promise<Taro.request.SuccessCallbackResult<RawBody>>((resolve, reject) => {
      void Taro.request<RawBody>({
        url,
        method,
        data: options.data,
        header: headers(auth, method !== 'GET'),
        timeout: options.timeoutMs ?? 20000,
        dataType: 'json',
        success: resolve,
        fail: reject,
      })
    })
  } catch (failure) {
    throw networkError(errMsgOf(failure))
  }
  return settle<T>(response.statusCode, response.data, envelope, auth, options.quiet401)
}

export const http = {
  get: <T>(path: string, query?: Record<string, QueryValue>, options: RequestOptions = {}) => request<T>(path, { ...options, method: 'GET', query }),
  post: <T>(path: string, data?: object, options: RequestOptions = {}) => request<T>(path, { ...options, method: 'POST', data: data ?? {} }),
  del: <T>(path: string, options: RequestOptions = {}) => request<T>(path, { ...options, method: 'DELETE' }),
}

export interface UploadOptions {
  /** multipart field name */
  name?: string
  /** file name sent with the part (H5 blobs have none) */
  fileName?: string
  onProgress?: (percent: number) => void
}

/** multipart upload of a local file (weapp temp path, or an H5 blob: URL); answer in the app envelope. */
export async function upload<T>(path: string, filePath: string, options: UploadOptions = {}): Promise<T> {
  const url = `${API_BASE}${path}`
  let response: Taro.uploadFile.SuccessCallbackResult
  try {
    response = await new Promise<Taro.uploadFile.SuccessCallbackResult>((resolve, reject) => {
      const task = Taro.uploadFile({
        url,
        filePath,
        name: options.name ?? 'file',
        fileName: options.fileName,
        header: headers(true, false),
        timeout: 60000,
        success: resolve,
        fail: reject,
      })
      if (options.onProgress && task && typeof task.progress === 'function') {
        const onProgress = options.onProgress
        task.progress(event => onProgress(event.progress))
      }
    })
  } catch (failure) {
    throw networkError(errMsgOf(failure))
  }
  return settle<T>(response.statusCode, response.data, 'app', true)
}

export { ApiError }

/**
 * Downloads a file the API streams (a zip) with the token. H5: fetched into a blob and saved through a link.
 * WeChat: downloaded to a temp file, then offered to send to a chat (wx.shareFileMessage), since a mini-program
 * cannot save a zip anywhere else.
 */
export async function download(path: string, fileName: string): Promise<void> {
  const url = `${API_BASE}${path}`
  if (process.env.TARO_ENV === 'h5') {
    let res: Response
    try {
      res = await fetch(url, { headers: headers(true, false) })
    } catch (failure) {
      throw networkError(failure instanceof Error ? failure.message : String(failure))
    }
    if (!res.ok) settle<never>(res.status, await res.text(), 'app', true)
    const href = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = href
    a.download = fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(href), 10000)
    return
  }
  let response: Taro.downloadFile.FileSuccessCallbackResult
  try {
    response = await new Promise<Taro.downloadFile.FileSuccessCallbackResult>((resolve, reject) => {
      void Taro.downloadFile({ url, header: headers(true, false), success: resolve, fail: reject })
    })
  } catch (failure) {
    throw networkError(errMsgOf(failure))
  }
  if (response.statusCode !== 200) settle<never>(response.statusCode, {}, 'app', true)
  await Taro.shareFileMessage({ filePath: response.tempFilePath, fileName })
}
