export default definePageConfig({
  navigationBarTitleText: '表情工坊',
  enablePullDownRefresh: true,
})
