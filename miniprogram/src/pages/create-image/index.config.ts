export default definePageConfig({
  navigationBarTitleText: '图片生成表情',
})
