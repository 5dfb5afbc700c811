// 订单: filter by status, channel, dates, alerts; paged. Revenue per day is on the dashboard (revenuePanel).
import { api } from '../api.js';
import { stackedBars } from '../charts.js';
import { badge, clear, fmtTime, h, load, pager, table } from '../dom.js';
import { ORDER_STATUSES } from '../shared.js';

export const ORDER_STATUS = {
  CREATED: ['待支付', ''],
  PAID: ['已支付', 'warn'],
  DELIVERED: ['已到账', 'ok'],
  CLOSED: ['已关闭', ''],
  REFUNDED: ['已退款', 'bad'],
};
export const CHANNEL = { wechat_virtual: '小程序虚拟支付', wechatpay_native: '微信支付 Native', simulator: '支付模拟器' };
export const yuan = fen => `¥${(fen / 100).toFixed(2)}`;
export const orderBadge = s => badge(...(ORDER_STATUS[s] ?? [s, '']));

export async function render(root, { query, go }) {
  const page = Number(query.page) || 1;
  const select = (id, name, label, options) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h(
        'select',
        { id, name },
        options.map(([v, l]) => h('option', { value: v, selected: (query[name] ?? '') === v }, l)),
      ),
    );
  const input = (id, name, label, attrs = {}) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name, value: query[name] ?? '', ...attrs }));
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: e => {
        e.preventDefault();
        go('/orders', Object.fromEntries([...new FormData(e.target)].map(([k, v]) => [k, String(v).trim()])));
      },
    },
    select('o-status', 'status', '状态', [['', '全部状态'], ...ORDER_STATUSES.map(k => [k, ORDER_STATUS[k][0]])]),
    select('o-channel', 'channel', '支付方式', [['', '全部方式'], ...Object.entries(CHANNEL)]),
    input('o-no', 'out_trade_no', '订单号', { type: 'search', size: 30 }),
    input('o-user', 'user_id', '用户 ID', { type: 'search', inputmode: 'numeric', size: 7 }),
    input('o-from', 'from', '下单日期从', { type: 'date' }),
    input('o-to', 'to', '到', { type: 'date' }),
    select('o-alert', 'alert', '异常', [
      ['', '不限'],
      ['true', '仅异常'],
    ]),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '筛选'),
    h('a', { href: '#/orders', class: 'btn' }, '清除'),
  );
  clear(root, h('h1', {}, '订单'), h('section', { class: 'panel' }, form, h('p', { class: 'loading' }, '加载中…')));
  const q = { ...query };
  delete q.t;
  const p = await api('/admin/orders', { query: { ...q, page, page_size: 20 } });
  clear(
    root,
    h('h1', {}, '订单'),
    h(
      'section',
      { class: 'panel' },
      form,
      table(
        [
          { label: '订单号', cell: o => h('a', { href: `#/orders/${o.outTradeNo}`, class: 'mono' }, o.outTradeNo) },
          { label: '用户', cell: o => h('a', { href: `#/users/${o.userId}` }, o.phone || `#${o.userId}`) },
          { label: '套餐', cell: o => `${o.packageName} · ${o.credits} 积分` },
          { label: '金额', num: true, cell: o => yuan(o.priceFen) },
          { label: '支付方式', cell: o => [CHANNEL[o.channel] ?? o.channel, o.simulated ? [' ', badge('模拟')] : null] },
          { label: '状态', cell: o => [orderBadge(o.status), o.alert ? [' ', badge('异常', 'bad')] : null] },
          { label: '下单时间', cell: o => h('span', { class: 'nowrap' }, fmtTime(o.createdAt)) },
        ],
        p.items,
        { empty: '没有符合条件的订单' },
      ),
      pager(p, n => go('/orders', { ...q, page: n }), '订单分页'),
    ),
  );
}

/** The dashboard's revenue section: paid and refunded yuan per China-time day. */
export function revenuePanel(days) {
  const body = h('div', {});
  load(body, async () => {
    const rows = await api('/admin/orders/revenue', { query: { days } });
    return stackedBars({
      title: `每日收入（元，已到账与已退款，最近 ${days} 天）`,
      labels: rows.map(r => r.day),
      series: [
        { key: 'paid', label: '收入', color: '#22a559' },
        { key: 'refunded', label: '退款', color: '#e5484d' },
      ],
      value: (i, key) => (key === 'paid' ? rows[i].paidFen : rows[i].refundedFen) / 100,
    });
  });
  return h('section', { class: 'panel', 'aria-label': '每日收入', 'data-testid': 'revenue' }, body);
}
