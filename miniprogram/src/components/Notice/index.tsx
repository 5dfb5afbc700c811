import { View, Text } from '@tarojs/components'
import './index.scss'

export interface NoticeProps {
  text: string
  testId?: string
}

/** A highlighted notice shown above a form. The text is rendered verbatim. */
export default function Notice({ text, testId }: NoticeProps) {
  return (
    <View className="notice" data-testid={testId ?? 'notice'}>
      <Text className="notice__icon">💡</Text>
      <Text className="notice__text">{text}</Text>
    </View>
  )
}
