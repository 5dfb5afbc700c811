/** Infinite-scroll list state (pure). */
import type { Paged } from '@app/shared'

export interface ListState<T> {
  items: T[]
  /** last page loaded (0 = nothing yet) */
  page: number
  total: number
}

export function emptyList<T>(): ListState<T> {
  return { items: [], page: 0, total: 0 }
}

/** Add a page: page 1 replaces the list; later pages append, skipping items already shown. */
export function mergePage<T>(state: ListState<T>, result: Paged<T>, keyOf: (item: T) => string | number): ListState<T> {
  if (result.page <= 1) return { items: [...result.items], page: result.page || 1, total: result.total }
  const seen = new Set(state.items.map(keyOf))
  const fresh = result.items.filter(item => !seen.has(keyOf(item)))
  return { items: [...state.items, ...fresh], page: result.page, total: result.total }
}

export function hasMore<T>(state: ListState<T>, lastPageSize?: number, pageSize?: number): boolean {
  if (state.page === 0) return true
  if (lastPageSize !== undefined && pageSize !== undefined && lastPageSize < pageSize) return false
  return state.items.length < state.total
}

export function removeItem<T>(state: ListState<T>, keyOf: (item: T) => string | number, key: string | number): ListState<T> {
  const items = state.items.filter(item => keyOf(item) !== key)
  const removed = state.items.length - items.length
  return { ...state, items, total: Math.max(0, state.total - removed) }
}
