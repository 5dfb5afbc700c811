import { type PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // nothing to do at launch: pages load their own data
  })
  return children
}

export default App
