/**
 * What the caption font can draw and how wide it draws it, read from the font file itself (OpenType
 * tables `cmap`, `head`, `hhea`, `hmtx`). Used to refuse characters the font lacks (emoji above all:
 * drawtext would silently leave them out) and to fit the caption to the frame without guessing widths.
 */
import * as fs from 'fs';

export class FontMetrics {
  private constructor(
    /** code point → glyph id */
    private readonly glyphs: Map<number, number>,
    /** advance width per glyph id, in font units (the last entry repeats for higher ids) */
    private readonly advances: number[],
    private readonly unitsPerEm: number,
  ) {}

  private static cache = new Map<string, FontMetrics>();

  /** Parses a TrueType/OpenType font once per path. Throws for a file that is not one. */
  static load(file: string): FontMetrics {
    let m = FontMetrics.cache.get(file);
    if (!m) {
      m = FontMetrics.parse(fs.readFileSync(file));
      FontMetrics.cache.set(file, m);
    }
    return m;
  }

  static parse(buf: Buffer): FontMetrics {
    const tables = new Map<string, number>();
    const count = buf.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const rec = 12 + i * 16;
      tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
    }
    const at = (tag: string) => {
      const off = tables.get(tag);
      if (off === undefined) throw new Error(`[media] font has no ${tag} table`);
      return off;
    };
    const unitsPerEm = buf.readUInt16BE(at('head') + 18);
    const hMetrics = buf.readUInt16BE(at('hhea') + 34);
    const hmtx = at('hmtx');
    const advances: number[] = [];
    for (let g = 0; g < hMetrics; g++) advances.push(buf.readUInt16BE(hmtx + g * 4));
    return new FontMetrics(readCmap(buf, at('cmap')), advances, unitsPerEm);
  }

  /** Whether the font has a glyph for this character. */
  has(ch: string): boolean {
    return this.glyphs.has(ch.codePointAt(0) ?? -1);
  }

  /** Characters of `text` the font cannot draw (each once, in order). */
  missing(text: string): string[] {
    return [...new Set(Array.from(text).filter(ch => !this.has(ch)))];
  }

  /** Width of a line in em (sum of the glyphs' advances; kerning ignored, it only narrows). */
  widthEm(text: string): number {
    let units = 0;
    for (const ch of text) {
      const g = this.glyphs.get(ch.codePointAt(0) ?? -1) ?? 0;
      units += this.advances[Math.min(g, this.advances.length - 1)] ?? this.unitsPerEm;
    }
    return units / this.unitsPerEm;
  }
}

/** Unicode cmap subtables: format 12 (full range) if present, else format 4 (BMP). */
function readCmap(buf: Buffer, cmap: number): Map<number, number> {
  const n = buf.readUInt16BE(cmap + 2);
  let best: { off: number; format: number } | undefined;
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const off = cmap + buf.readUInt32BE(rec + 4);
    const format = buf.readUInt16BE(off);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && (format === 12 || (format === 4 && best?.format !== 12))) best = { off, format };
  }
  if (!best) throw new Error('[media] font has no Unicode cmap');
  const map = new Map<number, number>();
  const t = best.off;
  if (best.format === 12) {
    const groups = buf.readUInt32BE(t + 12);
    for (let i = 0; i < groups; i++) {
      const g = t + 16 + i * 12;
      const start = buf.readUInt32BE(g);
      const end = buf.readUInt32BE(g + 4);
      const glyph = buf.readUInt32BE(g + 8);
      for (let c = start; c <= end; c++) map.set(c, glyph + c - start);
    }
    return map;
  }
  const segs = buf.readUInt16BE(t + 6) / 2;
  const ends = t + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const ranges = deltas + segs * 2;
  for (let i = 0; i < segs; i++) {
    const end = buf.readUInt16BE(ends + i * 2);
    const start = buf.readUInt16BE(starts + i * 2);
    const delta = buf.readInt16BE(deltas + i * 2);
    const rangeAt = ranges + i * 2;
    const range = buf.readUInt16BE(rangeAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let g = range === 0 ? c + delta : buf.readUInt16BE(rangeAt + range + 2 * (c - start));
      if (range !== 0 && g !== 0) g += delta;
      g &= 0xffff;
      if (g !== 0) map.set(c, g);
    }
  }
  return map;
}
