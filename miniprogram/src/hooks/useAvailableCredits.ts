import { useCallback, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Api } from '../services/api'
import { isLoggedIn } from '../services/auth'

/** Available credits of the logged-in user, refreshed whenever the page shows; null when unknown. */
export function useAvailableCredits(): { available: number | null; refresh: () => void } {
  const [available, setAvailable] = useState<number | null>(null)
  const refresh = useCallback(() => {
    if (!isLoggedIn()) {
      setAvailable(null)
      return
    }
    Api.credits(true)
      .then(summary => setAvailable(summary.available))
      .catch((error: unknown) => {
        console.warn('credits unavailable', error)
        setAvailable(null)
      })
  }, [])
  useDidShow(refresh)
  return { available, refresh }
}
