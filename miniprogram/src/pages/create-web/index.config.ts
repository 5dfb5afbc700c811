export default definePageConfig({
  navigationBarTitleText: '联网角色生成',
})
