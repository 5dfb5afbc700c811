export default definePageConfig({
  navigationBarTitleText: '我的表情',
  enableShareAppMessage: true,
})
