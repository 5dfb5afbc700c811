import { View, Text, Button } from '@tarojs/components'
import './index.scss'

export type PageStateKind = 'loading' | 'empty' | 'error'

export interface PageStateProps {
  kind: PageStateKind
  /** main line; defaults per kind */
  title?: string
  description?: string
  actionText?: string
  onAction?: () => void
  /** stable hook for tests, e.g. "stickers-empty" */
  testId?: string
  compact?: boolean
}

const DEFAULT_TITLES: Record<PageStateKind, string> = {
  loading: '加载中…',
  empty: '这里还什么都没有',
  error: '加载失败',
}

const ICONS: Record<PageStateKind, string> = {
  loading: '⏳',
  empty: '🫥',
  error: '😵',
}

/** Loading / empty / error block used by every page. */
export default function PageState({ kind, title, description, actionText, onAction, testId, compact }: PageStateProps) {
  const showAction = kind !== 'loading' && onAction !== undefined
  return (
    <View className={`page-state page-state--${kind}${compact ? ' page-state--compact' : ''}`} data-testid={testId ?? `state-${kind}`}>
      <Text className={`page-state__icon${kind === 'loading' ? ' is-spinning' : ''}`}>{ICONS[kind]}</Text>
      <Text className="page-state__title">{title ?? DEFAULT_TITLES[kind]}</Text>
      {description ? <Text className="page-state__desc">{description}</Text> : null}
      {showAction ? (
        <Button className="btn btn-ghost btn-small page-state__action" data-testid={`${testId ?? `state-${kind}`}-action`} onClick={onAction}>
          {actionText ?? (kind === 'error' ? '重试' : '去看看')}
        </Button>
      ) : null}
    </View>
  )
}
