import { View, Text } from '@tarojs/components'
import './index.scss'

export interface SimulatedHintProps {
  /** what is simulated (shown only when non-empty) */
  providers: string[]
  text?: string
  testId?: string
}

/** Small banner when the backend answers some providers with its local simulator. */
export default function SimulatedHint({ providers, text = '未配置生成服务密钥，作品由本地模拟器生成', testId = 'simulated-hint' }: SimulatedHintProps) {
  if (providers.length === 0) return null
  return (
    <View className="simulated-hint" data-testid={testId}>
      <Text className="simulated-hint__tag">模拟模式</Text>
      <Text className="simulated-hint__text">{text}</Text>
    </View>
  )
}
