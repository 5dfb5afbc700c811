import { absoluteUrl, buildPageUrl, buildQuery, normalisePath, safeRedirect } from '../src/utils/url'

describe('buildQuery', () => {
  it('skips empty values and encodes', () => {
    expect(buildQuery({ page: 1, page_size: 20, status: undefined, type: '' })).toBe('?page=1&page_size=20')
    expect(buildQuery({ prompt: '猫 & 狗' })).toBe(`?prompt=${encodeURIComponent('猫 & 狗')}`)
    expect(buildQuery({})).toBe('')
    expect(buildQuery(undefined)).toBe('')
  })
})

describe('page URLs', () => {
  it('normalises paths', () => {
    expect(normalisePath('pages/home/index')).toBe('/pages/home/index')
    expect(normalisePath('/pages/result/index?jobId=1')).toBe('/pages/result/index')
  })
  it('drops Taro internal params', () => {
    expect(buildPageUrl('/pages/result/index', { jobId: 'job_1', $taroTimestamp: '123', stamp: '9' })).toBe('/pages/result/index?jobId=job_1')
  })
  it('accepts only in-app redirects', () => {
    expect(safeRedirect(encodeURIComponent('/pages/result/index?jobId=job_1'), '/pages/home/index')).toBe('/pages/result/index?jobId=job_1')
    expect(safeRedirect('pages/me/index', '/x')).toBe('/pages/me/index')
    expect(safeRedirect('https://evil.example/pages/me/index', '/pages/home/index')).toBe('/pages/home/index')
    expect(safeRedirect(undefined, '/pages/home/index')).toBe('/pages/home/index')
    expect(safeRedirect('%E0%A4%A', '/pages/home/index')).toBe('/pages/home/index')
  })
})

describe('absoluteUrl', () => {
  it('prefixes relative media URLs with the API base', () => {
    expect(absoluteUrl('http://127.0.0.1:7001', '/files/a.gif')).toBe('http://127.0.0.1:7001/files/a.gif')
    expect(absoluteUrl('http://127.0.0.1:7001/', 'files/a.gif')).toBe('http://127.0.0.1:7001/files/a.gif')
    expect(absoluteUrl('', '/files/a.gif')).toBe('/files/a.gif')
  })
  it('keeps absolute URLs', () => {
    expect(absoluteUrl('http://x', 'https://oss.example.com/a.gif')).toBe('https://oss.example.com/a.gif')
    expect(absoluteUrl('http://x', 'blob:http://x/123')).toBe('blob:http://x/123')
    expect(absoluteUrl('http://x', null)).toBe('')
  })
})
