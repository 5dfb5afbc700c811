/** Typed calls of the backend API. Every call goes through request.ts. */
import type {
  CreatePackRequest,
  CreateOrderResult,
  OrderView,
  PaymentOptionsResult,
  ChangePasswordRequest,
  ChangePasswordResult,
  CreateStickerRequest,
  ExportReport,
  CreditSummary,
  LedgerEntryView,
  LegacyQueryResponse,
  LegacyUserResponse,
  LoginResult,
  MeResult,
  MetaResult,
  PackPresets,
  PackQuote,
  PackSubject,
  PackSummary,
  PackView,
  Paged,
  RecaptionRequest,
  ShowcaseItem,
  SmsSendResult,
  StickerView,
  TaskStatus,
  TemplateView,
  UploadImageResult,
} from '@app/shared'
import { PAGE_SIZE } from '../constants'
import { download, http, request, upload } from './request'

export type VideoQueryData = LegacyQueryResponse['data']

const open = { auth: false } as const

export const Api = {
  // --- accounts -------------------------------------------------------------------------------
  sendSms: (phone: string) => http.post<SmsSendResult>('/api/v1/auth/sms/send', { phone }, open),
  smsLogin: (phone: string, code: string) => http.post<LoginResult>('/api/v1/auth/sms/login', { phone, code }, open),
  wechatLogin: (phoneCode: string, loginCode?: string) => http.post<LoginResult>('/api/v1/auth/wechat/login', { phoneCode, loginCode }, open),
  /** seed 001: {code:0,message} */
  register: (phone: string, password: string) =>
    http.post<LegacyUserResponse>('/api/v1/users/register', { phone, password }, { ...open, envelope: 'legacy-user' }),
  /** seed 001: {code:0,message,data:{token}} */
  passwordLogin: (phone: string, password: string) =>
    http.post<LegacyUserResponse<{ token: string }>>('/api/v1/users/login', { phone, password }, { ...open, envelope: 'legacy-user' }),
  /** the app's route: the current password or an SMS code proves it is the owner; answers a fresh token */
  changePassword: (req: ChangePasswordRequest) => http.post<ChangePasswordResult>('/api/v1/users/password', req),
  /** an SMS code to the signed-in account's own phone, for the password change */
  sendPasswordCode: () => http.post<SmsSendResult>('/api/v1/users/password/code', {}),
  me: (quiet401 = false) => http.get<MeResult>('/api/v1/users/me', undefined, { quiet401 }),
  /** 注销账号: files, personal data and tokens go; the body is the server's required confirmation */
  deleteAccount: () => http.del<null>('/api/v1/users/me', { data: { confirm: '注销' } }),

  // --- public facts -------------------------------------------------------------------------
  meta: () => http.get<MetaResult>('/api/v1/meta', undefined, open),
  templates: () => http.get<TemplateView[]>('/api/v1/templates', undefined, open),
  template: (id: string) => http.get<TemplateView>(`/api/v1/templates/${encodeURIComponent(id)}`, undefined, open),
  showcase: (page: number, pageSize = PAGE_SIZE) => http.get<Paged<ShowcaseItem>>('/api/v1/showcase', { page, page_size: pageSize }, open),

  // --- credits -------------------------------------------------------------------------------
  credits: (quiet401 = false) => http.get<CreditSummary>('/api/v1/credits', undefined, { quiet401 }),
  transactions: (page: number, pageSize = PAGE_SIZE, type?: string) =>
    http.get<Paged<LedgerEntryView>>('/api/v1/credits/transactions', { page, page_size: pageSize, type }),

  // --- buying credits ----------------------------------------------------------------------
  paymentOptions: () => http.get<PaymentOptionsResult>('/api/v1/payments/options'),
  createOrder: (body: { packageId: string; channel: string; loginCode?: string; returnUrl?: string }) => http.post<CreateOrderResult>('/api/v1/orders', body),
  listOrders: (page: number, pageSize = PAGE_SIZE) => http.get<Paged<OrderView>>('/api/v1/orders', { page, page_size: pageSize }),
  getOrder: (outTradeNo: string) => http.get<OrderView>(`/api/v1/orders/${encodeURIComponent(outTradeNo)}`),

  // --- stickers ------------------------------------------------------------------------------
  uploadImage: (filePath: string, fileName?: string, onProgress?: (percent: number) => void) =>
    upload<UploadImageResult>('/api/v1/upload/image', filePath, { name: 'file', fileName, onProgress }),
  createSticker: (body: CreateStickerRequest) => http.post<StickerView>('/api/v1/stickers', body),
  listStickers: (page: number, pageSize = PAGE_SIZE, status?: TaskStatus) =>
    http.get<Paged<StickerView>>('/api/v1/stickers', { page, page_size: pageSize, status }),
  getSticker: (jobId: string) => http.get<StickerView>(`/api/v1/stickers/${encodeURIComponent(jobId)}`),
  deleteSticker: (jobId: string) => http.del<unknown>(`/api/v1/stickers/${encodeURIComponent(jobId)}`),
  retrySticker: (jobId: string) => http.post<StickerView>(`/api/v1/stickers/${encodeURIComponent(jobId)}/retry`),
  /** free: new caption and/or style, re-rendered from the stored MP4 */
  recaptionSticker: (jobId: string, body: RecaptionRequest) => http.post<StickerView>(`/api/v1/stickers/${encodeURIComponent(jobId)}/recaption`, body),
  setShowcaseAllowed: (jobId: string, allowed: boolean) =>
    http.post<StickerView>(`/api/v1/stickers/${encodeURIComponent(jobId)}/showcase-permission`, { allowed }),
  cancelSticker: (jobId: string) => http.post<unknown>(`/api/v1/stickers/${encodeURIComponent(jobId)}/cancel`),
  // --- packs ---------------------------------------------------------------------------------
  packPresets: () => http.get<PackPresets>('/api/v1/packs/presets'),
  packQuote: (subject: PackSubject, size: number) => http.get<PackQuote>('/api/v1/packs/quote', { subject, size }),
  createPack: (body: CreatePackRequest) => http.post<PackView>('/api/v1/packs', body),
  listPacks: (page: number, pageSize = PAGE_SIZE) => http.get<Paged<PackSummary>>('/api/v1/packs', { page, page_size: pageSize }),
  getPack: (packId: string) => http.get<PackView>(`/api/v1/packs/${encodeURIComponent(packId)}`),
  deletePack: (packId: string) => http.del<unknown>(`/api/v1/packs/${encodeURIComponent(packId)}`),
  retryPackSticker: (packId: string, slot: number) => http.post<PackView>(`/api/v1/packs/${encodeURIComponent(packId)}/stickers/${slot}/retry`),
  downloadPackZip: (packId: string, fileName: string) => download(`/api/v1/packs/${encodeURIComponent(packId)}/zip`, fileName),
  /** may re-encode every sticker at the platform's limit: minutes on a busy server, not seconds */
  packExportReport: (packId: string) => http.post<ExportReport>(`/api/v1/packs/${encodeURIComponent(packId)}/export`, undefined, { timeoutMs: 300000 }),
  downloadPackExport: (packId: string, fileName: string) => download(`/api/v1/packs/${encodeURIComponent(packId)}/export.zip`, fileName),

  /** seed 001 status query: PENDING | RUNNING | SUCCEEDED | FAILED | UNKNOWN */
  queryVideo: (jobId: string) => request<VideoQueryData>(`/api/v1/video/query/${encodeURIComponent(jobId)}`, { envelope: 'legacy-video' }),
}
