// 用户: search by phone, filter by role/status, paged.
import { api } from '../api.js';
import { badge, clear, fmtNum, fmtTime, h, pager, table } from '../dom.js';

export async function render(root, { query, go }) {
  const page = Number(query.page) || 1;
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: e => {
        e.preventDefault();
        const f = new FormData(e.target);
        go('/users', { phone: f.get('phone').trim(), role: f.get('role'), disabled: f.get('disabled') });
      },
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'u-phone' }, '手机号（任意部分）'),
      h('input', { id: 'u-phone', name: 'phone', type: 'search', inputmode: 'numeric', value: query.phone ?? '', placeholder: '如 1380013' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'u-role' }, '角色'),
      h(
        'select',
        { id: 'u-role', name: 'role' },
        [
          ['', '全部'],
          ['user', '用户'],
          ['admin', '管理员'],
        ].map(([v, l]) => h('option', { value: v, selected: (query.role ?? '') === v }, l)),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'u-disabled' }, '状态'),
      h(
        'select',
        { id: 'u-disabled', name: 'disabled' },
        [
          ['', '全部'],
          ['false', '正常'],
          ['true', '已停用'],
        ].map(([v, l]) => h('option', { value: v, selected: (query.disabled ?? '') === v }, l)),
      ),
    ),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索'),
    h('a', { href: '#/users', class: 'btn' }, '清除'),
  );
  clear(root, h('h1', {}, '用户'), h('section', { class: 'panel' }, form, h('p', { class: 'loading' }, '加载中…')));
  const p = await api('/admin/users', { query: { phone: query.phone, role: query.role, disabled: query.disabled, page, page_size: 20 } });
  clear(
    root,
    h('h1', {}, '用户'),
    h(
      'section',
      { class: 'panel' },
      form,
      table(
        [
          { label: 'ID', num: true, cell: u => u.id },
          { label: '手机号', cell: u => h('a', { href: `#/users/${u.id}` }, u.phone) },
          { label: '角色', cell: u => (u.role === 'admin' ? badge('管理员', 'info') : '用户') },
          { label: '状态', cell: u => (u.disabled ? badge('已停用', 'bad') : badge('正常', 'ok')) },
          { label: '可用积分', num: true, cell: u => fmtNum(u.credits) },
          { label: '冻结', num: true, cell: u => fmtNum(u.frozenCredits) },
          { label: '表情数', num: true, cell: u => h('a', { href: `#/tasks?user_id=${u.id}` }, fmtNum(u.stickers)) },
          { label: '注册时间', cell: u => h('span', { class: 'nowrap' }, fmtTime(u.createdAt)) },
          { label: '操作', cell: u => h('a', { href: `#/users/${u.id}`, class: 'btn btn-small', 'aria-label': `查看用户 ${u.phone}` }, '查看') },
        ],
        p.items,
        { empty: '没有符合条件的用户' },
      ),
      pager(p, n => go('/users', { ...query, page: n }), '用户分页'),
    ),
  );
}
