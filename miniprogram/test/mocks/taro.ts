/** A stand-in for @tarojs/taro: every API is a jest.fn the tests can drive. */
const storage = new Map<string, unknown>()

const router = { path: '/pages/home/index', params: {} as Record<string, string> }

const ok = () => jest.fn(() => Promise.resolve({ errMsg: 'ok' }))

const Taro = {
  request: jest.fn(),
  uploadFile: jest.fn(),
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value)
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key)
  }),
  getCurrentInstance: jest.fn(() => ({ router })),
  getCurrentPages: jest.fn(() => [{}]),
  navigateTo: ok(),
  redirectTo: ok(),
  switchTab: ok(),
  reLaunch: ok(),
  navigateBack: ok(),
  showToast: ok(),
  showModal: jest.fn(() => Promise.resolve({ confirm: false, cancel: true })),
  showLoading: ok(),
  hideLoading: jest.fn(),
  stopPullDownRefresh: jest.fn(),
  canIUse: jest.fn(() => true),
  /** WeChat's privacy authorization event: tests keep the listener and fire it themselves */
  onNeedPrivacyAuthorization: jest.fn(),
  /** test helpers */
  __storage: storage,
  __router: router,
}

export default Taro
export const useDidShow = jest.fn()
export const useDidHide = jest.fn()
export const useLoad = jest.fn()
export const useUnload = jest.fn()
export const useReachBottom = jest.fn()
export const usePullDownRefresh = jest.fn()
export const useRouter = jest.fn(() => router)
export const useShareAppMessage = jest.fn()
