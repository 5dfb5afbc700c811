/**
 * Draws the tab bar icons (81×81 PNG, grey and orange) with no dependencies, so they can be
 * regenerated: node scripts/make-tab-icons.js. Output: src/assets/tab/*.png (committed).
 */
const fs = require('fs')
const path = require('path')
const zlib = require('zlib')

const SIZE = 81
const SS = 4 // supersampling per axis

function crc32(buf) {
  let c
  const table = []
  for (let n = 0; n < 256; n++) {
    c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  let crc = 0xffffffff
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

function png(rgba) {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE)
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0
    rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// shapes in a 0..1 coordinate space; each returns true when (x, y) is inked
const inCircle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const inRing = (cx, cy, r, w) => (x, y) => {
  const d = Math.sqrt((x - cx) ** 2 + (y - cy) ** 2)
  return d <= r && d >= r - w
}
const inRect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const inRoundRectRing = (x0, y0, x1, y1, r, w) => (x, y) => {
  const outer = roundRect(x0, y0, x1, y1, r)
  const inner = roundRect(x0 + w, y0 + w, x1 - w, y1 - w, Math.max(0, r - w))
  return outer(x, y) && !inner(x, y)
}
function roundRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false
    const cx = Math.min(Math.max(x, x0 + r), x1 - r)
    const cy = Math.min(Math.max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
  }
}
const inTriangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry)
  const d1 = s(x, y, ax, ay, bx, by)
  const d2 = s(x, y, bx, by, cx, cy)
  const d3 = s(x, y, cx, cy, ax, ay)
  const neg = d1 < 0 || d2 < 0 || d3 < 0
  const pos = d1 > 0 || d2 > 0 || d3 > 0
  return !(neg && pos)
}
const union =
  (...fs) =>
  (x, y) =>
    fs.some(f => f(x, y))
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y)

const ICONS = {
  home: minus(union(inTriangle(0.5, 0.12, 0.1, 0.48, 0.9, 0.48), inRect(0.2, 0.44, 0.8, 0.88)), inRect(0.42, 0.62, 0.58, 0.88)),
  stickers: union(
    inRoundRectRing(0.12, 0.12, 0.88, 0.88, 0.18, 0.08),
    inCircle(0.37, 0.42, 0.065),
    inCircle(0.63, 0.42, 0.065),
    minus(inRing(0.5, 0.52, 0.24, 0.07), inRect(0, 0, 1, 0.56)),
  ),
  me: union(inCircle(0.5, 0.33, 0.19), minus(inCircle(0.5, 0.98, 0.38), inRect(0, 0.9, 1, 1))),
}

const COLORS = { normal: [0x8a, 0x8f, 0x99], active: [0xff, 0x6a, 0x3d] }

const outDir = path.join(__dirname, '..', 'src', 'assets', 'tab')
fs.mkdirSync(outDir, { recursive: true })
for (const [name, shape] of Object.entries(ICONS)) {
  for (const [variant, [r, g, b]] of Object.entries(COLORS)) {
    const rgba = Buffer.alloc(SIZE * SIZE * 4)
    for (let py = 0; py < SIZE; py++) {
      for (let px = 0; px < SIZE; px++) {
        let hits = 0
        for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) if (shape((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)) hits++
        const i = (py * SIZE + px) * 4
        rgba[i] = r
        rgba[i + 1] = g
        rgba[i + 2] = b
        rgba[i + 3] = Math.round((255 * hits) / (SS * SS))
      }
    }
    const file = path.join(outDir, `${name}${variant === 'active' ? '-active' : ''}.png`)
    fs.writeFileSync(file, png(rgba))
    console.log('wrote', path.relative(process.cwd(), file))
  }
}
