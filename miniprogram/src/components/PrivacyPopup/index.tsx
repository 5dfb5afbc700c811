import { useEffect, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import { ROUTES } from '../../constants'
import { go } from '../../services/nav'
import { answerPrivacy, onPrivacyRequest, PRIVACY_AGREE_BUTTON_ID } from '../../services/privacy'
import './index.scss'

/**
 * The popup WeChat's privacy authorization needs (services/privacy.ts). Put it on every page that calls a
 * privacy API: the login page (phone number) and the image page (album / camera). Renders nothing on H5.
 */
export default function PrivacyPopup() {
  const [open, setOpen] = useState(false)
  useEffect(() => onPrivacyRequest(setOpen), [])
  if (!open || process.env.TARO_ENV !== 'weapp') return null
  return (
    <View className="privacy-popup" data-testid="privacy-popup">
      <View className="privacy-popup__card">
        <Text className="privacy-popup__title">隐私保护提示</Text>
        <Text className="privacy-popup__text">
          使用手机号登录、选择照片前，请阅读并同意
          <Text className="link" onClick={() => void go(`${ROUTES.legal}?doc=privacy`)}>
            《隐私政策》
          </Text>
          。不同意也可以用短信验证码登录、用文字做表情。
        </Text>
        <View className="privacy-popup__actions">
          <Button className="btn btn-plain" onClick={() => answerPrivacy(false)}>
            不同意
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className="btn btn-primary"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={() => answerPrivacy(true)}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  )
}
