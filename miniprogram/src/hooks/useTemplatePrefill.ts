import { useEffect } from 'react'
import { useRouter } from '@tarojs/taro'
import type { TemplateView } from '@app/shared'
import { Api } from '../services/api'
import { showError } from '../services/feedback'

/** "做同款": when the page was opened with ?template=<id>, loads that template once and hands it to `apply`. */
export function useTemplatePrefill(apply: (template: TemplateView) => void): void {
  const id = useRouter().params.template
  useEffect(() => {
    if (!id) return
    let alive = true
    Api.template(id)
      .then(template => {
        if (alive) apply(template)
      })
      .catch(showError)
    return () => {
      alive = false
    }
    // apply is the page's setter bundle; the template id is what matters
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])
}
