/** URL helpers (pure). */

export type QueryValue = string | number | boolean | null | undefined

/** `{ page: 1, status: undefined }` → `?page=1`; empty → ''. */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return ''
  const parts: string[] = []
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

/** Normalise a page path: leading slash, no query string. */
export function normalisePath(path: string): string {
  const bare = path.split('?')[0] ?? ''
  return bare.startsWith('/') ? bare : `/${bare}`
}

/** Page path + router params → a URL that navigateTo/redirectTo accept. Taro's own params are dropped. */
export function buildPageUrl(path: string, params?: Record<string, string | undefined>): string {
  const clean: Record<string, string> = {}
  for (const [key, value] of Object.entries(params ?? {})) {
    if (key.startsWith('$') || key === 'stamp' || value === undefined) continue
    clean[key] = value
  }
  return normalisePath(path) + buildQuery(clean)
}

/** Accept only in-app page URLs as login redirects (never an outside address). */
export function safeRedirect(raw: string | undefined, fallback: string): string {
  if (!raw) return fallback
  let decoded = raw
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    return fallback
  }
  if (!/^\/?pages\/[\w-]+\/index(\?.*)?$/.test(decoded)) return fallback
  return decoded.startsWith('/') ? decoded : `/${decoded}`
}

/** Join the API base and a path; absolute URLs (http/https/data/blob/wxfile) pass through. */
export function absoluteUrl(base: string, url: string | null | undefined): string {
  if (!url) return ''
  if (/^(https?:|data:|blob:|wxfile:)/i.test(url) || url.startsWith('//')) return url
  const trimmedBase = base.replace(/\/+$/, '')
  return `${trimmedBase}${url.startsWith('/') ? '' : '/'}${url}`
}
