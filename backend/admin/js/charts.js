// Hand-drawn SVG charts (no dependencies). Each chart is a <figure> with a title, an SVG (role="img"
// with a text alternative), a legend, and the numbers as a table in <details> for keyboard and screen-reader users.
import { h, table } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
let ids = 0;

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** 1, 2, 5 × 10^k at or above v (at least 1). */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const shortDate = d => d.slice(5); // MM-DD

/** Tick count that keeps tick values round (max comes from niceMax). */
function tickCount(max) {
  if (max <= 5 && Number.isInteger(max)) return max;
  const lead = Math.round(max / 10 ** Math.floor(Math.log10(max)));
  return lead === 2 ? 4 : 5;
}

function frame(title, summary, svg, legend, dataTable) {
  const id = `chart-${++ids}`;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-t ${id}-d`);
  svg.prepend(s('title', { id: `${id}-t` }, title), s('desc', { id: `${id}-d` }, summary));
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, title),
    svg,
    legend
      ? h(
          'div',
          { class: 'legend' },
          legend.map(l => h('span', { style: `--c:${l.color}` }, l.label)),
        )
      : null,
    h('details', { class: 'data' }, h('summary', {}, '查看数据'), dataTable),
  );
}

function axes(g, { x0, x1, y0, y1, max, ticks = tickCount(max), format = String }) {
  for (let i = 0; i <= ticks; i++) {
    const v = (max * i) / ticks;
    const y = y0 - ((y0 - y1) * i) / ticks;
    g.append(s('line', { x1: x0, x2: x1, y1: y, y2: y, stroke: i === 0 ? '#9aa3af' : '#e5e7eb', 'stroke-width': 1 }));
    g.append(s('text', { x: x0 - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#6b7280' }, format(v)));
  }
}

function xLabels(g, labels, xAt, y, every) {
  labels.forEach((d, i) => {
    // the last label ends at its point (centred, it ran past the right edge and was clipped)
    const anchor = i === labels.length - 1 && labels.length > 1 ? 'end' : 'middle';
    if (i % every === 0 || i === labels.length - 1)
      g.append(s('text', { x: xAt(i), y, 'text-anchor': anchor, 'font-size': 11, fill: '#6b7280' }, shortDate(d)));
  });
}

/**
 * Stacked bars per day. series: [{key, label, color}], value(i, key) → number.
 */
export function stackedBars({ title, labels, series, value, width = 760, height = 240, unit = '' }) {
  const W = width,
    H = height,
    L = 44,
    R = 10,
    T = 12,
    B = 26;
  const totals = labels.map((_, i) => series.reduce((sum, se) => sum + (value(i, se.key) || 0), 0));
  const max = niceMax(Math.max(...totals, 0));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart-stacked' });
  const g = s('g');
  axes(g, { x0: L, x1: W - R, y0: H - B, y1: T, max, format: v => (Number.isInteger(v) ? v : v.toFixed(1)) });
  const slot = (W - L - R) / labels.length;
  const bw = Math.max(2, slot * 0.7);
  const y = v => ((H - B - T) * v) / max;
  labels.forEach((d, i) => {
    let base = H - B;
    for (const se of series) {
      const v = value(i, se.key) || 0;
      if (!v) continue;
      const hgt = y(v);
      base -= hgt;
      g.append(
        s(
          'rect',
          { x: L + i * slot + (slot - bw) / 2, y: base, width: bw, height: Math.max(hgt, 0.5), fill: se.color, 'data-series': se.key },
          s('title', {}, `${d} ${se.label}：${v}${unit}`),
        ),
      );
    }
  });
  xLabels(g, labels, i => L + i * slot + slot / 2, H - 8, Math.ceil(labels.length / 10));
  svg.append(g);
  const sum = totals.reduce((a, b) => a + b, 0);
  const rows = labels.map((d, i) => ({ d, i }));
  return frame(
    title,
    `${labels[0]} 至 ${labels[labels.length - 1]}，共 ${sum}${unit}`,
    svg,
    series,
    table(
      [
        { label: '日期', cell: r => r.d },
        ...series.map(se => ({ label: se.label, num: true, cell: r => value(r.i, se.key) || 0 })),
        { label: '合计', num: true, cell: r => totals[r.i] },
      ],
      rows,
    ),
  );
}

/** Lines per day. series: [{key, label, color}], value(i, key) → number. */
export function lineChart({ title, labels, series, value, width = 760, height = 240, unit = '' }) {
  const W = width,
    H = height,
    L = 52,
    R = 12,
    T = 12,
    B = 26;
  const all = labels.flatMap((_, i) => series.map(se => value(i, se.key) || 0));
  const max = niceMax(Math.max(...all, 0));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart-line' });
  const g = s('g');
  axes(g, { x0: L, x1: W - R, y0: H - B, y1: T, max, format: v => (v >= 10000 ? `${v / 1000}k` : String(Math.round(v))) });
  const step = labels.length > 1 ? (W - L - R) / (labels.length - 1) : 0;
  const xAt = i => L + i * step;
  const yAt = v => H - B - ((H - B - T) * v) / max;
  for (const se of series) {
    const pts = labels.map((_, i) => `${xAt(i).toFixed(1)},${yAt(value(i, se.key) || 0).toFixed(1)}`).join(' ');
    g.append(s('polyline', { points: pts, fill: 'none', stroke: se.color, 'stroke-width': 2, 'stroke-linejoin': 'round', 'data-series': se.key }));
    labels.forEach((d, i) => {
      const v = value(i, se.key) || 0;
      g.append(s('circle', { cx: xAt(i), cy: yAt(v), r: 3, fill: se.color }, s('title', {}, `${d} ${se.label}：${v}${unit}`)));
    });
  }
  xLabels(g, labels, xAt, H - 8, Math.ceil(labels.length / 10));
  svg.append(g);
  const totals = series.map(se => `${se.label} ${labels.reduce((a, _, i) => a + (value(i, se.key) || 0), 0)}${unit}`).join('，');
  const rows = labels.map((d, i) => ({ d, i }));
  return frame(
    title,
    `${labels[0]} 至 ${labels[labels.length - 1]}：${totals}`,
    svg,
    series,
    table([{ label: '日期', cell: r => r.d }, ...series.map(se => ({ label: se.label, num: true, cell: r => value(r.i, se.key) || 0 }))], rows),
  );
}

/**
 * Horizontal bars: rows [{label, value, max, text, color, marker?}] — value drawn against max,
 * `marker` (optional) draws a limit line at that value.
 */
export function hBars({ title, rows, summary, columns, width = 760, labelWidth = 110, valueWidth = 150 }) {
  const W = width,
    rowH = 34,
    L = labelWidth,
    R = valueWidth,
    T = 6;
  const H = T * 2 + Math.max(1, rows.length) * rowH;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart-hbars' });
  const track = W - L - R;
  rows.forEach((r, i) => {
    const y = T + i * rowH;
    const frac = r.max > 0 ? Math.min(1, r.value / r.max) : 0;
    svg.append(s('text', { x: L - 10, y: y + rowH / 2 + 4, 'text-anchor': 'end', 'font-size': 12.5, fill: '#1d2129' }, r.label));
    svg.append(s('rect', { x: L, y: y + 8, width: track, height: rowH - 16, fill: '#eef1f5', rx: 4 }));
    svg.append(
      s(
        'rect',
        { x: L, y: y + 8, width: Math.max(frac * track, r.value > 0 ? 2 : 0), height: rowH - 16, fill: r.color, rx: 4, 'data-bar': r.label },
        s('title', {}, `${r.label}：${r.text}`),
      ),
    );
    if (r.marker !== undefined && r.max > 0) {
      const mx = L + Math.min(1, r.marker / r.max) * track;
      svg.append(s('line', { x1: mx, x2: mx, y1: y + 4, y2: y + rowH - 4, stroke: '#111827', 'stroke-width': 2, 'stroke-dasharray': '3 2' }));
    }
    svg.append(s('text', { x: W - R + 10, y: y + rowH / 2 + 4, 'font-size': 12.5, fill: '#374151' }, r.text));
  });
  if (!rows.length) svg.append(s('text', { x: W / 2, y: H / 2 + 4, 'text-anchor': 'middle', fill: '#6b7280', 'font-size': 13 }, '没有数据'));
  return frame(
    title,
    summary ?? rows.map(r => `${r.label} ${r.text}`).join('；'),
    svg,
    null,
    table(
      columns ?? [
        { label: '项目', cell: r => r.label },
        { label: '数值', cell: r => r.text },
      ],
      rows,
    ),
  );
}

/** A task's stages on one time axis: created → submitted → provider done → finished. */
export function timeline({ title, stages, width = 760 }) {
  const W = width,
    H = 70,
    L = 12,
    R = 12;
  const known = stages.filter(st => st.at);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart-timeline' });
  if (known.length < 2) {
    svg.append(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#6b7280', 'font-size': 13 }, '阶段不足，无法绘制'));
  } else {
    const t0 = new Date(known[0].at).getTime();
    const t1 = new Date(known[known.length - 1].at).getTime();
    const span = Math.max(1, t1 - t0);
    const xAt = at => L + ((new Date(at).getTime() - t0) / span) * (W - L - R);
    const colors = ['#93c5fd', '#6366f1', '#22c55e'];
    for (let i = 0; i + 1 < known.length; i++) {
      const a = xAt(known[i].at),
        b = xAt(known[i + 1].at);
      svg.append(
        s(
          'rect',
          { x: a, y: 14, width: Math.max(b - a, 1), height: 18, fill: colors[i % colors.length] },
          s('title', {}, `${known[i].label} → ${known[i + 1].label}：${((new Date(known[i + 1].at) - new Date(known[i].at)) / 1000).toFixed(1)} 秒`),
        ),
      );
    }
    known.forEach((st, i) => {
      const x = xAt(st.at);
      svg.append(s('line', { x1: x, x2: x, y1: 8, y2: 38, stroke: '#111827' }));
      svg.append(
        s('text', { x, y: 56, 'text-anchor': i === 0 ? 'start' : i === known.length - 1 ? 'end' : 'middle', 'font-size': 11.5, fill: '#374151' }, st.label),
      );
    });
  }
  return frame(
    title,
    stages.map(st => `${st.label} ${st.at ?? '未到达'}`).join('；'),
    svg,
    null,
    table(
      [
        { label: '阶段', cell: r => r.label },
        { label: '时间', cell: r => r.at ?? '—' },
      ],
      stages,
    ),
  );
}
