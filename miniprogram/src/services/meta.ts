/** GET /api/v1/meta, fetched once per launch, with the built-in defaults when it fails. */
import type { MetaResult } from '@app/shared'
import { CAPTION_MAX_LENGTH, DEFAULT_PRICES, DEFAULT_SIGNUP_BONUS } from '../constants'
import { Api } from './api'

export const FALLBACK_META: MetaResult = {
  prices: { ...DEFAULT_PRICES },
  signupBonus: DEFAULT_SIGNUP_BONUS,
  simulatedProviders: [],
  captionMaxLength: CAPTION_MAX_LENGTH,
}

let cached: Promise<MetaResult> | null = null

export function loadMeta(): Promise<MetaResult> {
  if (!cached) {
    cached = Api.meta()
      .then(meta => ({ ...FALLBACK_META, ...meta, prices: { ...FALLBACK_META.prices, ...meta.prices } }))
      .catch((error: unknown) => {
        console.warn('meta unavailable, using defaults', error)
        cached = null // try again next time
        return FALLBACK_META
      })
  }
  return cached
}
