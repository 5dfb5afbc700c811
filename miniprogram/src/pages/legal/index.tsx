import { View, Text } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { LEGAL, legalDoc } from './content'
import './index.scss'

/** 《用户协议》 (?doc=terms) or 《隐私政策》 (?doc=privacy). */
export default function LegalPage() {
  const doc = LEGAL[legalDoc(useRouter().params.doc)]
  useLoad(() => {
    void Taro.setNavigationBarTitle({ title: doc.title })
  })
  return (
    <View className="page legal-page" data-testid="legal-page">
      <View className="card">
        <Text className="legal-page__title" data-testid="legal-title">
          {doc.title}
        </Text>
        <Text className="legal-page__updated muted">更新日期：{doc.updated}</Text>
        {doc.sections.map(s => (
          <View key={s.heading}>
            <Text className="legal-page__heading">{s.heading}</Text>
            {s.paragraphs.map(p => (
              <Text key={p} className="legal-page__para">
                {p}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}
