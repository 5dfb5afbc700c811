// 订单详情: the order, its notification history (raw payloads), refund.
import { api } from '../api.js';
import { badge, clear, fmtTime, formDialog, h, table, toast } from '../dom.js';
import { CHANNEL, orderBadge, yuan } from './orders.js';

const SOURCE = { push: '虚拟支付推送', notify: '支付通知', query: '主动查询', sweeper: '定时补单', admin: '管理员' };
const OUTCOME = {
  delivered: '发放积分',
  duplicate: '重复通知',
  amount_mismatch: '金额不符（已拒绝）',
  paid_after_close: '关闭后付款（照常发放）',
  closed: '关闭',
  refunded: '退款',
};

export async function render(root, { params, go }) {
  const no = params[0];
  const o = await api(`/admin/orders/${no}`);
  const refundable = o.status === 'DELIVERED' && o.unspentCredits >= o.credits;
  const refundDialog = () =>
    formDialog({
      title: '退款',
      description: `向用户退回 ${yuan(o.priceFen)}，并收回本订单的 ${o.credits} 积分（只有积分未使用的订单可以退款）。`,
      fields: [{ name: 'reason', label: '退款原因', type: 'textarea', required: true, maxlength: 255 }],
      submitLabel: '退款',
      danger: true,
      submit: v => api(`/admin/orders/${no}/refund`, { method: 'POST', body: { reason: v.reason } }),
    }).then(r => {
      if (r) {
        toast('已退款');
        go(`/orders/${no}`, { t: Date.now() });
      }
    });
  const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  clear(
    root,
    h('p', {}, h('a', { href: '#/orders' }, '← 订单列表')),
    h(
      'div',
      { class: 'row' },
      h('h1', { class: 'mono' }, o.outTradeNo),
      orderBadge(o.status),
      o.simulated ? badge('模拟支付') : null,
      o.alert ? badge('异常', 'bad') : null,
    ),
    h(
      'section',
      { class: 'panel' },
      h(
        'dl',
        { class: 'facts' },
        fact('用户', h('a', { href: `#/users/${o.userId}` }, o.phone || `#${o.userId}`)),
        fact('套餐', `${o.packageName} · ${o.credits} 积分`),
        fact('金额', yuan(o.priceFen)),
        fact('支付方式', CHANNEL[o.channel] ?? o.channel),
        fact('支付单号', o.transactionId),
        fact('下单时间', fmtTime(o.createdAt)),
        fact('支付时间', o.paidAt ? fmtTime(o.paidAt) : null),
        fact('到账时间', o.deliveredAt ? fmtTime(o.deliveredAt) : null),
        fact('退款时间', o.refundedAt ? fmtTime(o.refundedAt) : null),
        fact('未使用积分', o.status === 'DELIVERED' ? String(o.unspentCredits) : null),
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'btn btn-danger', disabled: !refundable, onclick: refundDialog, 'data-testid': 'order-refund' }, '退款'),
        refundable ? null : h('span', { class: 'muted' }, o.status === 'DELIVERED' ? '积分已被使用，不能退款' : '只有已到账的订单可以退款'),
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'events-title' },
      h('h2', { id: 'events-title' }, '通知与处理记录'),
      table(
        [
          { label: '时间', cell: e => h('span', { class: 'nowrap' }, fmtTime(e.createdAt)) },
          { label: '来源', cell: e => SOURCE[e.source] ?? e.source },
          { label: '结果', cell: e => OUTCOME[e.outcome] ?? e.outcome },
          { label: '说明', cell: e => e.note },
          { label: '原文', cell: e => (e.raw ? h('details', {}, h('summary', {}, '查看'), h('pre', { class: 'mono' }, e.raw)) : '—') },
        ],
        o.events,
        { empty: '还没有通知' },
      ),
    ),
  );
}
