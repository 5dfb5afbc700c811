import { View, Text } from '@tarojs/components'
import { ROUTES } from '../../constants'
import { go } from '../../services/nav'
import './index.scss'

export interface ConsentCheckProps {
  checked: boolean
  onChange: (checked: boolean) => void
  /** shown under the line (e.g. "请先阅读并同意…") */
  error?: string | null
}

/** "我已阅读并同意《用户协议》和《隐私政策》" with a tappable box; the links open pages/legal. */
export default function ConsentCheck({ checked, onChange, error }: ConsentCheckProps) {
  return (
    <View className="consent" data-testid="consent">
      <View className="consent__line">
        <View
          className={`consent__box${checked ? ' is-checked' : ''}`}
          role="checkbox"
          aria-checked={checked}
          onClick={() => onChange(!checked)}
          data-testid="consent-check"
        >
          {checked ? '✓' : ''}
        </View>
        <Text className="consent__text" onClick={() => onChange(!checked)}>
          我已阅读并同意
        </Text>
        <Text className="link" onClick={() => void go(`${ROUTES.legal}?doc=terms`)} data-testid="consent-terms">
          《用户协议》
        </Text>
        <Text className="consent__text">和</Text>
        <Text className="link" onClick={() => void go(`${ROUTES.legal}?doc=privacy`)} data-testid="consent-privacy">
          《隐私政策》
        </Text>
      </View>
      {error ? (
        <Text className="consent__error" data-testid="consent-error">
          {error}
        </Text>
      ) : null}
    </View>
  )
}
