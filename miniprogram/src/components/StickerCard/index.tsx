import { View, Text, Image } from '@tarojs/components'
import type { StickerView } from '@app/shared'
import StatusBadge from '../StatusBadge'
import { formatRelativeTime, isInProgress } from '../../utils/format'
import { mediaUrl } from '../../services/media'
import './index.scss'

export interface StickerCardProps {
  sticker: StickerView
  onOpen: (sticker: StickerView) => void
  onDelete?: (sticker: StickerView) => void
  onRetry?: (sticker: StickerView) => void
  now?: Date
}

/** One sticker in the "我的表情" grid: picture, status, time, delete / retry. */
export default function StickerCard({ sticker, onOpen, onDelete, onRetry, now }: StickerCardProps) {
  const picture = sticker.status === 'SUCCEEDED' ? sticker.gifUrl || sticker.thumbnailUrl : sticker.thumbnailUrl
  const busy = isInProgress(sticker.status)
  const failed = sticker.status === 'FAILED' || sticker.status === 'CANCELED'
  return (
    <View className="sticker-card" data-testid="sticker-card" data-job-id={sticker.jobId} data-status={sticker.status}>
      <View className="sticker-card__media" onClick={() => onOpen(sticker)} data-testid="sticker-card-open">
        {picture ? (
          <Image className="sticker-card__img" src={mediaUrl(picture)} mode="aspectFill" lazyLoad />
        ) : (
          <View className={`sticker-card__placeholder${busy ? ' is-busy' : ''}`}>
            <Text className="sticker-card__placeholder-icon">{busy ? '🎬' : failed ? '⚠️' : '🖼️'}</Text>
          </View>
        )}
        <StatusBadge status={sticker.status} className="sticker-card__badge" />
      </View>
      <View className="sticker-card__body">
        <Text className="sticker-card__prompt" onClick={() => onOpen(sticker)}>
          {sticker.caption ? `「${sticker.caption}」` : ''}
          {sticker.prompt || '表情'}
        </Text>
        <View className="sticker-card__foot">
          <Text className="sticker-card__time">{formatRelativeTime(sticker.createdAt, now)}</Text>
          <View className="sticker-card__actions">
            {failed && onRetry ? (
              <Text className="sticker-card__action is-primary" data-testid="sticker-card-retry" onClick={() => onRetry(sticker)}>
                重试
              </Text>
            ) : null}
            {!busy && onDelete ? (
              <Text className="sticker-card__action" data-testid="sticker-card-delete" onClick={() => onDelete(sticker)}>
                删除
              </Text>
            ) : null}
          </View>
        </View>
      </View>
    </View>
  )
}
