// 操作记录: who changed what, on what, why and when (every admin action that changes something).
import { api } from '../api.js';
import { clear, fmtTime, h, pager, table } from '../dom.js';
import { ADMIN_ACTION_LABELS } from '../shared.js';

export async function render(root, { query, go }) {
  const page = Number(query.page) || 1;
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: e => {
        e.preventDefault();
        go('/audit', Object.fromEntries([...new FormData(e.target)].map(([k, v]) => [k, String(v).trim()])));
      },
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'a-action' }, '操作'),
      h(
        'select',
        { id: 'a-action', name: 'action' },
        h('option', { value: '' }, '全部操作'),
        Object.entries(ADMIN_ACTION_LABELS).map(([k, l]) => h('option', { value: k, selected: query.action === k }, l)),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'a-type' }, '对象类型'),
      h(
        'select',
        { id: 'a-type', name: 'target_type' },
        [
          ['', '全部'],
          ['user', '用户'],
          ['task', '任务'],
          ['order', '订单'],
          ['template', '模板'],
          ['content', '敏感词表与表情预设'],
        ].map(([v, l]) => h('option', { value: v, selected: (query.target_type ?? '') === v }, l)),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'a-target' }, '对象（用户 ID 或任务编号）'),
      h('input', { id: 'a-target', name: 'target_id', type: 'search', value: query.target_id ?? '' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'a-actor' }, '操作人 ID'),
      h('input', { id: 'a-actor', name: 'actor_id', type: 'search', inputmode: 'numeric', size: 8, value: query.actor_id ?? '' }),
    ),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '筛选'),
    h('a', { href: '#/audit', class: 'btn' }, '清除'),
  );
  const q = { action: query.action, target_type: query.target_type, target_id: query.target_id, actor_id: query.actor_id };
  clear(root, h('h1', {}, '操作记录'), h('section', { class: 'panel' }, form, h('p', { class: 'loading' }, '加载中…')));
  const p = await api('/admin/audit-log', { query: { ...q, page, page_size: 20 } });
  const target = a => {
    if (a.targetType === 'user') return h('a', { href: `#/users/${a.targetId}` }, `用户 #${a.targetId}`);
    if (a.targetType === 'content') return h('span', {}, a.targetId === 'pack-presets' ? '表情预设' : '敏感词表');
    if (a.targetType === 'template') return h('a', { href: '#/templates' }, `模板 #${a.targetId}`);
    if (a.targetType === 'order') return h('a', { href: `#/orders/${a.targetId}`, class: 'mono' }, a.targetId);
    return h('a', { href: `#/tasks/${a.targetId}`, class: 'mono' }, a.targetId);
  };
  clear(
    root,
    h('h1', {}, '操作记录'),
    h(
      'section',
      { class: 'panel' },
      form,
      table(
        [
          { label: '时间', cell: a => h('span', { class: 'nowrap' }, fmtTime(a.createdAt)) },
          { label: '操作人', cell: a => (a.actorId ? h('a', { href: `#/users/${a.actorId}` }, a.actorPhone ?? `#${a.actorId}`) : '命令行') },
          { label: '操作', cell: a => ADMIN_ACTION_LABELS[a.action] ?? a.action },
          { label: '对象', cell: target },
          { label: '原因', cell: a => a.reason || '—' },
          { label: '详情', cell: a => (a.details ? h('span', { class: 'mono' }, JSON.stringify(a.details)) : '—') },
        ],
        p.items,
        { empty: '没有操作记录' },
      ),
      pager(p, n => go('/audit', { ...q, page: n }), '操作记录分页'),
    ),
  );
}
