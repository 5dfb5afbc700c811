export default definePageConfig({
  navigationBarTitleText: '表情包',
})
