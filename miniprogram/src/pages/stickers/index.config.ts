export default definePageConfig({
  navigationBarTitleText: '我的表情',
  enablePullDownRefresh: true,
  onReachBottomDistance: 200,
})
