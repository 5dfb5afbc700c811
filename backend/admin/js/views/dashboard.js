// 概览: users, stickers per day by status, providers, credits per day, load against the limits, provider errors.
import { api } from '../api.js';
import { hBars, lineChart, stackedBars } from '../charts.js';
import { alertBox, clear, fmtNum, fmtPct, fmtSeconds, fmtTime, h, load, pager, table } from '../dom.js';
import { ACTIVE_TASK_STATUSES } from '../shared.js';
import { revenuePanel } from './orders.js';

const STATUS_SERIES = [
  { key: 'SUCCEEDED', label: '成功', color: '#22a559' },
  { key: 'FAILED', label: '失败', color: '#e5484d' },
  { key: 'CANCELED', label: '已取消', color: '#a1a7b3' },
  { key: 'ACTIVE', label: '进行中', color: '#3b82f6' },
];
const ERROR_TYPES = { failed: '失败', retry_later: '稍后重试', failover: '切换供应商' };

export async function render(root, { query, go }) {
  const days = ['7', '30', '90'].includes(query.days) ? Number(query.days) : 30;
  const d = await api('/admin/stats/dashboard', { query: { days } });
  const tile = (label, value, sub) =>
    h('div', { class: 'tile' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null);
  const labels = d.stickersPerDay.map(x => x.date);
  const totalStickers = d.stickersPerDay.reduce((a, x) => a + x.total, 0);
  const succeeded = d.stickersPerDay.reduce((a, x) => a + (x.byStatus.SUCCEEDED ?? 0), 0);
  const failed = d.stickersPerDay.reduce((a, x) => a + (x.byStatus.FAILED ?? 0), 0);
  const inFlight = d.load.reduce((a, l) => a + l.inFlight, 0);

  const rangeSelect = h(
    'select',
    { id: 'dash-days', onchange: e => go('/dashboard', { days: e.target.value }) },
    [7, 30, 90].map(n => h('option', { value: n, selected: n === days }, `最近 ${n} 天`)),
  );

  const providers = d.providers.filter(p => p.succeeded + p.failed > 0 || p.provider !== '-');
  const maxMedian = Math.max(1, ...providers.map(p => p.medianTotalSeconds ?? 0));
  const errors = h('div', {});

  clear(
    root,
    h(
      'div',
      { class: 'row' },
      h('h1', {}, '概览'),
      h('span', { class: 'spacer' }),
      h('label', { for: 'dash-days', class: 'muted' }, '时间范围'),
      rangeSelect,
      h('button', { type: 'button', class: 'btn', onclick: () => go('/dashboard', { days, t: Date.now() }) }, '刷新'),
    ),
    h('p', { class: 'muted' }, `按北京时间统计 · 更新于 ${fmtTime(d.generatedAt)}`),
    h(
      'section',
      { class: 'tiles', 'aria-label': '关键数字' },
      tile('用户总数', fmtNum(d.users.total), `管理员 ${d.users.admins} · 停用 ${d.users.disabled}`),
      tile('今日新增用户', fmtNum(d.users.newToday)),
      tile(`${days} 天表情数`, fmtNum(totalStickers), `成功 ${fmtNum(succeeded)} · 失败 ${fmtNum(failed)}`),
      tile('成功率', fmtPct(succeeded + failed ? succeeded / (succeeded + failed) : null), '成功 / (成功 + 失败)'),
      tile('供应商处理中', fmtNum(inFlight), `排队 ${d.queued} · 转码 ${d.converting}`),
    ),
    h(
      'section',
      { class: 'panel', 'aria-label': '每日表情' },
      stackedBars({
        title: `每日表情数（按当前状态，最近 ${days} 天）`,
        labels,
        series: STATUS_SERIES,
        value: (i, key) =>
          key === 'ACTIVE' ? ACTIVE_TASK_STATUSES.reduce((a, s) => a + (d.stickersPerDay[i].byStatus[s] ?? 0), 0) : (d.stickersPerDay[i].byStatus[key] ?? 0),
        unit: ' 个',
        width: 1360,
        height: 280,
      }),
    ),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'section',
        { class: 'panel', 'aria-label': '积分' },
        lineChart({
          title: '每日积分：发放 vs 消费',
          labels: d.creditsPerDay.map(x => x.date),
          series: [
            { key: 'granted', label: '发放（赠送+购买+系统发放）', color: '#f59e0b' },
            { key: 'spent', label: '消费（生成表情）', color: '#6366f1' },
          ],
          value: (i, key) => d.creditsPerDay[i][key],
          unit: ' 积分',
          width: 660,
          height: 240,
        }),
      ),
      h(
        'section',
        { class: 'panel', 'aria-label': '新用户' },
        stackedBars({
          title: '每日新用户',
          labels: d.signupsPerDay.map(x => x.date),
          series: [{ key: 'count', label: '新用户', color: '#0ea5e9' }],
          value: i => d.signupsPerDay[i].count,
          unit: ' 人',
          width: 660,
          height: 240,
        }),
      ),
    ),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'section',
        { class: 'panel', 'aria-label': '供应商成功率' },
        hBars({
          title: `供应商成功率（最近 ${days} 天）`,
          width: 660,
          valueWidth: 170,
          rows: providers.map(p => ({
            label: p.provider === '-' ? '未提交' : p.provider,
            value: p.successRate ?? 0,
            max: 1,
            color: p.successRate === null ? '#cbd5e1' : p.successRate >= 0.9 ? '#22a559' : p.successRate >= 0.7 ? '#f59e0b' : '#e5484d',
            text: `${fmtPct(p.successRate)}（${p.succeeded}/${p.succeeded + p.failed}）`,
          })),
        }),
      ),
      h(
        'section',
        { class: 'panel', 'aria-label': '生成耗时' },
        hBars({
          title: '生成耗时中位数（创建 → GIF 完成）',
          width: 660,
          valueWidth: 210,
          rows: providers
            .filter(p => p.provider !== '-')
            .map(p => ({
              label: p.provider,
              value: p.medianTotalSeconds ?? 0,
              max: maxMedian,
              color: '#6366f1',
              text: `${fmtSeconds(p.medianTotalSeconds)}（供应商 ${fmtSeconds(p.medianProviderSeconds)}）`,
            })),
        }),
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-label': '并发' },
      hBars({
        title: '供应商处理中任务 / 并发上限（虚线）',
        width: 1360,
        valueWidth: 170,
        rows: d.load.map(l => ({
          label: l.provider,
          value: l.inFlight,
          max: Math.max(l.maxConcurrent, l.inFlight, 1),
          marker: l.maxConcurrent,
          color: l.inFlight >= l.maxConcurrent ? '#e5484d' : '#3b82f6',
          text: `${l.inFlight} / ${l.maxConcurrent}${l.simulated ? '（模拟器）' : ''}`,
        })),
      }),
      h(
        'p',
        { class: 'muted' },
        `排队等待供应商名额：${d.queued} 个 · 转码中：${d.converting} 个 · `,
        h('a', { href: '#/tasks?status=QUEUED,PENDING,RUNNING,CONVERTING' }, '查看进行中的任务'),
      ),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'errors-title' }, h('h2', { id: 'errors-title' }, '最近的供应商错误'), errors),
  );

  const loadErrors = page =>
    load(errors, async () => {
      const p = await api('/admin/stats/errors', { query: { page, page_size: 10 } });
      return [
        table(
          [
            { label: '时间', cell: e => h('span', { class: 'nowrap' }, fmtTime(e.createdAt)) },
            { label: '任务', cell: e => (e.jobId ? h('a', { href: `#/tasks/${e.jobId}`, class: 'mono' }, e.jobId) : '—') },
            { label: '类型', cell: e => ERROR_TYPES[e.type] ?? e.type },
            { label: '供应商', cell: e => e.provider ?? '—' },
            { label: '来源', cell: e => e.source },
            { label: '信息', cell: e => h('span', { class: 'clip', title: e.message }, e.message || '—') },
          ],
          p.items,
          { empty: '没有供应商错误' },
        ),
        pager(p, loadErrors, '供应商错误分页'),
      ];
    });
  loadErrors(1).catch(e => clear(errors, alertBox(e)));
  root.append(revenuePanel(days));
}
