import { compressQuality, fitWithin, formatBytes, needsCompression } from '../src/utils/image'

describe('image sizing', () => {
  it('fits large images within 1280 keeping the ratio', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1280, height: 960 })
    expect(fitWithin(3000, 4000)).toEqual({ width: 960, height: 1280 })
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 })
    expect(fitWithin(0, 600)).toEqual({ width: 0, height: 0 })
  })
  it('compresses big files or big dimensions', () => {
    expect(needsCompression(2 * 1024 * 1024)).toBe(true)
    expect(needsCompression(300 * 1024, 4000, 3000)).toBe(true)
    expect(needsCompression(300 * 1024, 1000, 800)).toBe(false)
    expect(needsCompression(300 * 1024)).toBe(false)
  })
  it('quality and sizes', () => {
    expect(compressQuality(9 * 1024 * 1024)).toBe(50)
    expect(compressQuality(2 * 1024 * 1024)).toBe(75)
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(2048)).toBe('2 KB')
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB')
  })
})
