/** Navigation that knows which pages are tab pages, and the login round trip. */
import Taro from '@tarojs/taro'
import { ROUTES, TAB_ROUTES } from '../constants'
import { buildPageUrl, normalisePath, safeRedirect } from '../utils/url'
import { isLoggedIn } from './auth'

function isTab(url: string): boolean {
  return TAB_ROUTES.includes(normalisePath(url))
}

/** Open a page on top of the current one (tab pages are switched to). */
export async function go(url: string): Promise<void> {
  if (isTab(url)) {
    await Taro.switchTab({ url: normalisePath(url) })
    return
  }
  try {
    await Taro.navigateTo({ url })
  } catch (error) {
    // the page stack is full (10 on WeChat): replace the current page instead
    console.warn('navigateTo failed, falling back to redirectTo', error)
    await Taro.redirectTo({ url })
  }
}

/** Replace the current page. */
export async function replace(url: string): Promise<void> {
  if (isTab(url)) {
    await Taro.switchTab({ url: normalisePath(url) })
    return
  }
  await Taro.redirectTo({ url })
}

export function back(fallback: string = ROUTES.home): void {
  if (Taro.getCurrentPages().length > 1) {
    void Taro.navigateBack()
  } else {
    void replace(fallback)
  }
}

/** URL of the page on screen, with its params, so the login page can come back to it. */
export function currentPageUrl(): string {
  const router = Taro.getCurrentInstance().router
  if (!router?.path) return ROUTES.home
  return buildPageUrl(router.path, router.params as Record<string, string | undefined>)
}

let lastLoginRedirect = 0

/** Send the user to the login page, remembering where they were (or `from`). */
export function redirectToLogin(from?: string): void {
  const current = currentPageUrl()
  if (normalisePath(current) === ROUTES.login) return
  const now = Date.now()
  if (now - lastLoginRedirect < 1500) return // several requests failed with 401 at once
  lastLoginRedirect = now
  const target = from ?? current
  const url = `${ROUTES.login}?redirect=${encodeURIComponent(target)}`
  const open = isTab(current) ? Taro.navigateTo : Taro.redirectTo
  open({ url }).catch((error: unknown) => {
    console.warn('redirect to login failed', error)
    void Taro.reLaunch({ url })
  })
}

/** After a successful login: back to where the user was. */
export function afterLogin(redirect: string | undefined): void {
  const target = safeRedirect(redirect, ROUTES.home)
  if (normalisePath(target) === ROUTES.login) {
    void replace(ROUTES.home)
    return
  }
  void replace(target)
}

/** Open a page that needs a login, going through the login page first when needed. */
export function goAuthed(url: string): void {
  if (isLoggedIn()) {
    void go(url)
    return
  }
  void Taro.navigateTo({ url: `${ROUTES.login}?redirect=${encodeURIComponent(url)}` })
}
