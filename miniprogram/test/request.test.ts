import Taro from '@tarojs/taro'
import { Api } from '../src/services/api'
import { getToken, setToken } from '../src/services/auth'
import { isApiError } from '../src/services/errors'
import { request } from '../src/services/request'

type Mock = jest.Mock
const mocked = Taro as unknown as {
  request: Mock
  uploadFile: Mock
  redirectTo: Mock
  navigateTo: Mock
  removeStorageSync: Mock
  __router: { path: string; params: Record<string, string> }
}

function answer(statusCode: number, data: unknown) {
  mocked.request.mockImplementationOnce((opts: { success: (r: unknown) => void }) => {
    opts.success({ statusCode, data, header: {}, errMsg: 'request:ok' })
  })
}

beforeEach(() => {
  mocked.removeStorageSync('bqgf_token')
  mocked.__router.path = '/pages/result/index'
  mocked.__router.params = { jobId: 'job_1', $taroTimestamp: '1' }
})

describe('request()', () => {
  it('sends the bearer token and unwraps the app envelope', async () => {
    setToken('tok')
    answer(200, { code: 'OK', message: '', data: { available: 80 }, requestId: 'r' })
    await expect(Api.credits()).resolves.toEqual({ available: 80 })
    const opts = mocked.request.mock.calls[0][0]
    expect(opts.url).toBe('/api/v1/credits')
    expect(opts.method).toBe('GET')
    expect(opts.header.Authorization).toBe('Bearer tok')
  })

  it('puts query parameters on the URL', async () => {
    setToken('tok')
    answer(200, { code: 'OK', message: '', data: { items: [], total: 0, page: 2, pageSize: 20 }, requestId: 'r' })
    await Api.listStickers(2)
    expect(mocked.request.mock.calls[0][0].url).toBe('/api/v1/stickers?page=2&page_size=20')
  })

  it('sends no token to public endpoints', async () => {
    setToken('tok')
    answer(200, { code: 'OK', message: '', data: { resendAfterSeconds: 60, expiresInSeconds: 300 }, requestId: 'r' })
    await Api.sendSms('13800000000')
    const opts = mocked.request.mock.calls[0][0]
    expect(opts.header.Authorization).toBeUndefined()
    expect(opts.data).toEqual({ phone: '13800000000' })
  })

  it('on 401 forgets the token and opens the login page remembering the current page', async () => {
    setToken('old')
    answer(401, { code: 'UNAUTHORIZED', message: '请先登录', requestId: 'r' })
    expect.assertions(4)
    try {
      await Api.getSticker('job_1')
    } catch (error) {
      expect(isApiError(error) && error.handled).toBe(true)
    }
    expect(getToken()).toBe('')
    expect(mocked.redirectTo).toHaveBeenCalledTimes(1)
    expect(mocked.redirectTo.mock.calls[0][0].url).toBe(`/pages/login/index?redirect=${encodeURIComponent('/pages/result/index?jobId=job_1')}`)
  })

  it('a wrong password (401 on the login endpoint) does not redirect', async () => {
    answer(401, { code: 1, message: 'invalid phone or password' })
    await expect(Api.passwordLogin('13800000000', 'wrongpass')).rejects.toMatchObject({ message: '手机号或密码错误' })
    expect(mocked.redirectTo).not.toHaveBeenCalled()
    expect(mocked.navigateTo).not.toHaveBeenCalled()
  })

  it('quiet401 forgets the token without leaving the page', async () => {
    setToken('old')
    answer(401, { code: 'UNAUTHORIZED', message: '请先登录', requestId: 'r' })
    await expect(Api.credits(true)).rejects.toMatchObject({ status: 401 })
    expect(getToken()).toBe('')
    expect(mocked.redirectTo).not.toHaveBeenCalled()
  })

  it('turns a network failure into a Chinese message', async () => {
    mocked.request.mockImplementationOnce((opts: { fail: (r: unknown) => void }) => {
      opts.fail({ errMsg: 'request:fail timeout' })
    })
    await expect(request('/api/v1/meta', { auth: false })).rejects.toMatchObject({ message: '网络超时，请检查网络后重试', status: 0 })
  })

  it('answers the seed 001 query with its data, UNKNOWN included', async () => {
    setToken('tok')
    answer(500, { code: 500, message: '任务不存在', data: { job_id: 'job_x', status: 'UNKNOWN' } })
    await expect(Api.queryVideo('job_x')).resolves.toEqual({ job_id: 'job_x', status: 'UNKNOWN' })
    expect(mocked.request.mock.calls[0][0].url).toBe('/api/v1/video/query/job_x')
  })

  it('uploads with multipart field "file" and parses the string answer', async () => {
    setToken('tok')
    mocked.uploadFile.mockImplementationOnce((opts: { success: (r: unknown) => void }) => {
      opts.success({ statusCode: 200, data: JSON.stringify({ code: 'OK', message: '', data: { id: 'img_1' }, requestId: 'r' }) })
      return undefined
    })
    await expect(Api.uploadImage('blob:x', 'a.jpg')).resolves.toEqual({ id: 'img_1' })
    const opts = mocked.uploadFile.mock.calls[0][0]
    expect(opts.name).toBe('file')
    expect(opts.fileName).toBe('a.jpg')
    expect(opts.url).toBe('/api/v1/upload/image')
    expect(opts.header.Authorization).toBe('Bearer tok')
  })
})
