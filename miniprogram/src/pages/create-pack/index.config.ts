export default definePageConfig({
  navigationBarTitleText: '做一套表情包',
})
