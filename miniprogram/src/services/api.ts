/** Typed calls of the backend API. Every call goes through request.ts. */
import type {
  CreateStickerRequest,
  CreditSummary,
  LedgerEntryView,
  LegacyQueryResponse,
  LegacyUserResponse,
  LoginResult,
  MeResult,
  MetaResult,
  Paged,
  ShowcaseItem,
  SmsSendResult,
  StickerView,
  TaskStatus,
  UploadImageResult,
} from '@app/shared'
import { PAGE_SIZE } from '../constants'
import { http, request, upload } from './request'

export type VideoQueryData = LegacyQueryResponse['data']

const open = { auth: false } as const

export const Api = {
  // --- accounts -------------------------------------------------------------------------------
  sendSms: (phone: string) => http.post<SmsSendResult>('/api/v1/auth/sms/send', { phone }, open),
  smsLogin: (phone: string, code: string) => http.post<LoginResult>('/api/v1/auth/sms/login', { phone, code }, open),
  wechatLogin: (phoneCode: string, loginCode?: string) =>
    http.post<LoginResult>('/api/v1/auth/wechat/login', { phoneCode, loginCode }, open),
  /** seed 001: {code:0,message} */
  register: (phone: string, password: string) =>
    http.post<LegacyUserResponse>('/api/v1/users/register', { phone, password }, { ...open, envelope: 'legacy-user' }),
  /** seed 001: {code:0,message,data:{token}} */
  passwordLogin: (phone: string, password: string) =>
    http.post<LegacyUserResponse<{ token: string }>>(
      '/api/v1/users/login',
      { phone, password },
      { ...open, envelope: 'legacy-user' },
    ),
  changePassword: (newPassword: string) =>
    http.post<LegacyUserResponse>('/api/v1/users/change-password', { newPassword }, { envelope: 'legacy-user' }),
  me: (quiet401 = false) => http.get<MeResult>('/api/v1/users/me', undefined, { quiet401 }),
  /** 注销账号: files, personal data and tokens go; the body is the server's required confirmation */
  deleteAccount: () => http.del<null>('/api/v1/users/me', { data: { confirm: '注销' } }),

  // --- public facts -------------------------------------------------------------------------
  meta: () => http.get<MetaResult>('/api/v1/meta', undefined, open),
  showcase: (page: number, pageSize = PAGE_SIZE) =>
    http.get<Paged<ShowcaseItem>>('/api/v1/showcase', { page, page_size: pageSize }, open),

  // --- credits -------------------------------------------------------------------------------
  credits: (quiet401 = false) => http.get<CreditSummary>('/api/v1/credits', undefined, { quiet401 }),
  transactions: (page: number, pageSize = PAGE_SIZE, type?: string) =>
    http.get<Paged<LedgerEntryView>>('/api/v1/credits/transactions', { page, page_size: pageSize, type }),

  // --- stickers ------------------------------------------------------------------------------
  uploadImage: (filePath: string, fileName?: string, onProgress?: (percent: number) => void) =>
    upload<UploadImageResult>('/api/v1/upload/image', filePath, { name: 'file', fileName, onProgress }),
  createSticker: (body: CreateStickerRequest) => http.post<StickerView>('/api/v1/stickers', body),
  listStickers: (page: number, pageSize = PAGE_SIZE, status?: TaskStatus) =>
    http.get<Paged<StickerView>>('/api/v1/stickers', { page, page_size: pageSize, status }),
  getSticker: (jobId: string) => http.get<StickerView>(`/api/v1/stickers/${encodeURIComponent(jobId)}`),
  deleteSticker: (jobId: string) => http.del<unknown>(`/api/v1/stickers/${encodeURIComponent(jobId)}`),
  retrySticker: (jobId: string) => http.post<StickerView>(`/api/v1/stickers/${encodeURIComponent(jobId)}/retry`),
  setShowcaseAllowed: (jobId: string, allowed: boolean) =>
    http.post<StickerView>(`/api/v1/stickers/${encodeURIComponent(jobId)}/showcase-permission`, { allowed }),
  cancelSticker: (jobId: string) => http.post<unknown>(`/api/v1/stickers/${encodeURIComponent(jobId)}/cancel`),
  /** seed 001 status query: PENDING | RUNNING | SUCCEEDED | FAILED | UNKNOWN */
  queryVideo: (jobId: string) =>
    request<VideoQueryData>(`/api/v1/video/query/${encodeURIComponent(jobId)}`, { envelope: 'legacy-video' }),
}
