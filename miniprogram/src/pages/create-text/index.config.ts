export default definePageConfig({
  navigationBarTitleText: '文字生成表情',
})
