import { useState } from 'react'
import type { CreateStickerRequest } from '@app/shared'
import { ROUTES } from '../constants'
import { Api } from '../services/api'
import { errorMessage, isApiError } from '../services/errors'
import { showError } from '../services/feedback'
import { replace } from '../services/nav'
import { buildQuery } from '../utils/url'

/**
 * Submit a sticker order and move to the generating page. While sending, `submitting` is true (the
 * submit button is disabled). Failures end up in `formError`, except the ones the app shows itself
 * (login redirect, "积分不足" modal).
 */
export function useCreateSticker() {
  const [submitting, setSubmitting] = useState(false)
  const [formError, setFormError] = useState('')

  const submit = async (body: CreateStickerRequest): Promise<void> => {
    if (submitting) return
    setSubmitting(true)
    setFormError('')
    try {
      const sticker = await Api.createSticker(body)
      await replace(`${ROUTES.generating}${buildQuery({ jobId: sticker.jobId })}`)
    } catch (error) {
      if (isApiError(error) && (error.handled || error.code === 'INSUFFICIENT_CREDITS')) showError(error)
      else setFormError(errorMessage(error))
    } finally {
      setSubmitting(false)
    }
  }

  return { submitting, formError, setFormError, submit }
}
