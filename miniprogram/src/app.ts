import { type PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { installPrivacyAuthorization } from './services/privacy'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // pages load their own data; WeChat's privacy authorization gets our popup (weapp)
    installPrivacyAuthorization()
  })
  return children
}

export default App
