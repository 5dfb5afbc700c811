/** The login token in local storage. */
import Taro from '@tarojs/taro'
import { TOKEN_STORAGE_KEY } from '../constants'

export function getToken(): string {
  try {
    const value: unknown = Taro.getStorageSync(TOKEN_STORAGE_KEY)
    return typeof value === 'string' ? value : ''
  } catch {
    return ''
  }
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_STORAGE_KEY, token)
}

export function clearToken(): void {
  try {
    Taro.removeStorageSync(TOKEN_STORAGE_KEY)
  } catch (error) {
    console.warn('clearToken failed', error)
  }
}

export function isLoggedIn(): boolean {
  return getToken() !== ''
}
