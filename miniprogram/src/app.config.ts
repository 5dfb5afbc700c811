export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/stickers/index',
    'pages/me/index',
    'pages/login/index',
    'pages/create-text/index',
    'pages/create-image/index',
    'pages/create-web/index',
    'pages/generating/index',
    'pages/result/index',
    'pages/password/index',
    'pages/create-pack/index',
    'pages/pack/index',
    'pages/packs/index',
    'pages/recharge/index',
    'pages/legal/index',
  ],
  // WeChat enforces the privacy check for every mini-program since 2023-10-17; stated here for older tooling
  // (services/privacy.ts answers wx.onNeedPrivacyAuthorization with components/PrivacyPopup).
  __usePrivacyCheck__: true,
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '表情工坊',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f6f7fb',
    // weapp draws its own bar; on H5 this turns on Taro's bar with 返回 and 首页 (issue 16: every H5 page
    // needs a way back), see @tarojs/router navigation-bar (shown when navigationStyle is 'default')
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#8a8f99',
    selectedColor: '#ff6a3d',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/stickers/index', text: '我的表情', iconPath: 'assets/tab/stickers.png', selectedIconPath: 'assets/tab/stickers-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
})
