import Taro from '@tarojs/taro'
import { confirmRetry, toast, TOAST_MAX_CHARS } from '../src/services/feedback'

describe('toast', () => {
  it('keeps short texts in a toast', () => {
    toast('已复制')
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '已复制', icon: 'none', duration: 2500 })
    expect(Taro.showModal).not.toHaveBeenCalled()
  })

  it('puts long texts in a modal the user closes', () => {
    const long = '图片太小了，每边至少 360 像素，请换一张清晰一些的照片'
    expect(long.length).toBeGreaterThan(TOAST_MAX_CHARS)
    toast(long)
    expect(Taro.showToast).not.toHaveBeenCalled()
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: long, showCancel: false }))
  })
})

describe('confirmRetry', () => {
  it('names the price before charging again', async () => {
    ;(Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: true, cancel: false })
    await expect(confirmRetry(25)).resolves.toBe(true)
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ confirmText: '使用 25 积分', content: expect.stringContaining('25 积分') }))
    await expect(confirmRetry(25)).resolves.toBe(false) // the stand-in's default answer is 取消
  })
})
