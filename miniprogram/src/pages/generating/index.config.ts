export default definePageConfig({
  navigationBarTitleText: '正在生成',
})
