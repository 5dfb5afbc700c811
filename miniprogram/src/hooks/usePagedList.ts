import { useCallback, useRef, useState } from 'react'
import type { Paged } from '@app/shared'
import { PAGE_SIZE } from '../constants'
import { errorMessage } from '../services/errors'
import { emptyList, hasMore, mergePage, type ListState } from '../utils/paging'

/**
 * An infinite-scroll list: `load(1)` (re)loads, `load(list.page + 1)` appends. One request at a time;
 * errors become a Chinese message in `error`. Used by the showcase, my stickers and the credit history.
 */
export function usePagedList<T>(fetchPage: (page: number, size: number) => Promise<Paged<T>>, keyOf: (item: T) => string | number) {
  const [list, setList] = useState<ListState<T>>(emptyList)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')
  const [more, setMore] = useState(true)
  const busy = useRef(false)
  // the latest fetcher and key, so `load` stays the same function across renders
  const fetchRef = useRef(fetchPage)
  const keyRef = useRef(keyOf)
  fetchRef.current = fetchPage
  keyRef.current = keyOf

  const load = useCallback(async (page: number) => {
    if (busy.current) return
    busy.current = true
    setLoading(true)
    setError('')
    try {
      const result = await fetchRef.current(page, PAGE_SIZE)
      setList(state => {
        const next = mergePage(state, result, keyRef.current)
        setMore(hasMore(next, result.items.length, PAGE_SIZE))
        return next
      })
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      busy.current = false
      setLoading(false)
    }
  }, [])

  return { list, setList, loading, error, more, load }
}
