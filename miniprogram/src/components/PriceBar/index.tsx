import { View, Text } from '@tarojs/components'
import { formatCredits } from '../../utils/format'
import './index.scss'

export interface PriceBarProps {
  price: number
  /** available credits, or null when unknown (not logged in / still loading) */
  available: number | null
}

/** "本次消耗 20 积分 · 可用 120", shown above every submit button. */
export default function PriceBar({ price, available }: PriceBarProps) {
  const short = available !== null && available < price
  return (
    <View className="price-bar" data-testid="price-bar">
      <Text className="price-bar__price">
        本次消耗{' '}
        <Text className="price-bar__num" data-testid="price-value">
          {price}
        </Text>{' '}
        积分
      </Text>
      {available !== null ? (
        <Text className={`price-bar__balance${short ? ' is-short' : ''}`} data-testid="price-available">
          可用 {formatCredits(available)}
          {short ? '（不足）' : ''}
        </Text>
      ) : null}
    </View>
  )
}
