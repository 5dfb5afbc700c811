import { ApiError, friendlyMessage, interpretResponse, isApiError, isSessionExpired, networkError, parseBody } from '../src/services/errors'

describe('app envelope', () => {
  it('unwraps data of {code:"OK"}', () => {
    const out = interpretResponse<{ token: string }>(200, { code: 'OK', message: 'ok', data: { token: 't' }, requestId: 'r' }, 'app')
    expect(out).toEqual({ ok: true, data: { token: 't' } })
  })

  it('uses the Chinese message of a failure with its code and status', () => {
    const out = interpretResponse(402, { code: 'INSUFFICIENT_CREDITS', message: '积分不足，需要 20 积分', requestId: 'r1' }, 'app')
    expect(out.ok).toBe(false)
    if (out.ok) return
    expect(out.error.message).toBe('积分不足，需要 20 积分')
    expect(out.error.code).toBe('INSUFFICIENT_CREDITS')
    expect(out.error.status).toBe(402)
    expect(out.error.requestId).toBe('r1')
    expect(isApiError(out.error)).toBe(true)
  })

  it('replaces an English or missing message by a Chinese one for the code', () => {
    const out = interpretResponse(429, { code: 'RATE_LIMITED', message: 'Too Many Requests' }, 'app')
    expect(!out.ok && out.error.message).toBe('操作太频繁了，请稍后再试')
  })

  it('falls back to the HTTP status for a body that is not the envelope (proxy error page)', () => {
    const out = interpretResponse(502, '<html>Bad Gateway</html>', 'app')
    expect(!out.ok && out.error.message).toBe('服务器开小差了，请稍后重试')
    expect(!out.ok && out.error.code).toBe('HTTP_502')
  })

  it('never shows a stack trace', () => {
    const out = interpretResponse(500, { code: 'INTERNAL_ERROR', message: 'TypeError: x is undefined\n    at foo (bar.js:1:1)' }, 'app')
    expect(!out.ok && out.error.message).toBe('服务器开小差了，请稍后重试')
  })

  it('treats a 200 without code OK as a failure', () => {
    const out = interpretResponse(200, { hello: 1 }, 'app')
    expect(out.ok).toBe(false)
  })

  it('parses string bodies (uploadFile answers are strings)', () => {
    const out = interpretResponse(200, JSON.stringify({ code: 'OK', message: '', data: { id: 'img_1' }, requestId: 'r' }), 'app')
    expect(out).toEqual({ ok: true, data: { id: 'img_1' } })
    expect(parseBody('')).toBeNull()
    expect(parseBody('nope')).toBe('nope')
  })
})

describe('seed 001 users envelope', () => {
  it('returns the whole body on code 0', () => {
    const body = { code: 0, message: 'Login successful', data: { token: 'jwt' } }
    expect(interpretResponse(200, body, 'legacy-user')).toEqual({ ok: true, data: body })
  })

  it('translates the English errors', () => {
    const bad = interpretResponse(401, { code: 1, message: 'invalid phone or password' }, 'legacy-user')
    expect(!bad.ok && bad.error.message).toBe('手机号或密码错误')
    const taken = interpretResponse(400, { code: 1, message: 'user with this phone number already exists' }, 'legacy-user')
    expect(!taken.ok && taken.error.message).toBe('该手机号已注册，请直接登录')
    const phone = interpretResponse(400, { code: 1, message: 'Invalid phone number format' }, 'legacy-user')
    expect(!phone.ok && phone.error.message).toBe('手机号格式不正确')
    const jwt = interpretResponse(401, { code: 1, message: 'Invalid or expired JWT' }, 'legacy-user')
    expect(!jwt.ok && jwt.error.message).toBe('登录已过期，请重新登录')
    expect(!jwt.ok && jwt.error.code).toBe('UNAUTHORIZED')
  })
})

describe('seed 001 video query envelope', () => {
  it('returns data for code 200', () => {
    const data = { job_id: 'job_1', status: 'RUNNING', progress: 40 }
    expect(interpretResponse(200, { code: 200, data }, 'legacy-video')).toEqual({ ok: true, data })
  })

  it('returns the UNKNOWN answer as data whatever the HTTP status', () => {
    const body = { code: 500, message: '任务不存在', data: { job_id: 'job_x', status: 'UNKNOWN' } }
    expect(interpretResponse(500, body, 'legacy-video')).toEqual({ ok: true, data: body.data })
    expect(interpretResponse(404, body, 'legacy-video')).toEqual({ ok: true, data: body.data })
  })

  it('reports 401 as an expired session', () => {
    const out = interpretResponse(401, { code: 1, message: 'Invalid or expired JWT' }, 'legacy-video')
    expect(out.ok).toBe(false)
    if (!out.ok) expect(isSessionExpired(out.error)).toBe(true)
  })
})

describe('helpers', () => {
  it('network errors are Chinese', () => {
    expect(networkError('request:fail timeout').message).toBe('网络超时，请检查网络后重试')
    expect(networkError('request:fail net::ERR_CONNECTION_REFUSED').message).toBe('网络连接失败，请检查网络后重试')
    expect(networkError(undefined).code).toBe('NETWORK')
  })

  it('a wrong password is not an expired session', () => {
    expect(isSessionExpired(new ApiError('x', 'INVALID_CREDENTIALS', 401))).toBe(false)
    expect(isSessionExpired(new ApiError('x', 'UNAUTHORIZED', 401))).toBe(true)
    expect(isSessionExpired(new ApiError('x', 'NOT_FOUND', 404))).toBe(false)
  })

  it('friendlyMessage prefers a short Chinese server message', () => {
    expect(friendlyMessage('CONTENT_REJECTED', 400, '描述里有敏感词')).toBe('描述里有敏感词')
    expect(friendlyMessage('CONTENT_REJECTED', 400, undefined)).toBe('内容未通过审核，请换个说法试试')
    expect(friendlyMessage(undefined, 404, '')).toBe('内容不存在或已被删除')
    expect(friendlyMessage(undefined, 418, '')).toBe('请求有误，请检查后重试')
  })
})
