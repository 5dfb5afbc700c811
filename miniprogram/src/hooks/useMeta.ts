import { useEffect, useState } from 'react'
import type { MetaResult } from '@app/shared'
import { FALLBACK_META, loadMeta } from '../services/meta'

/** Prices, caption limit and simulator flag from GET /api/v1/meta (defaults until it answers). */
export function useMeta(): MetaResult {
  const [meta, setMeta] = useState<MetaResult>(FALLBACK_META)
  useEffect(() => {
    let alive = true
    void loadMeta().then(value => {
      if (alive) setMeta(value)
    })
    return () => {
      alive = false
    }
  }, [])
  return meta
}
