export default definePageConfig({
  navigationBarTitleText: '我的表情包',
  enablePullDownRefresh: true,
})
