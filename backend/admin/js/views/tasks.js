// 任务: filter by status, kind, provider, owner phone, user id, job id, dates; paged.
import { api } from '../api.js';
import { badge, clear, fmtTime, h, KIND, pager, statusBadge, STATUS, table } from '../dom.js';
import { ACTIVE_TASK_STATUSES, TASK_STATUSES } from '../shared.js';

const STATUS_OPTIONS = [['', '全部状态'], [ACTIVE_TASK_STATUSES.join(','), '进行中（全部）'], ...TASK_STATUSES.map(k => [k, STATUS[k][0]])];
const PROVIDERS = [
  ['', '全部供应商'],
  ['dashscope', 'dashscope'],
  ['kie', 'kie'],
  ['evolink', 'evolink'],
  ['-', '未提交'],
];

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
  const statusOptions = STATUS_OPTIONS.some(([v]) => v === (query.status ?? '')) ? STATUS_OPTIONS : [...STATUS_OPTIONS, [query.status, query.status]];
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: e => {
        e.preventDefault();
        const values = Object.fromEntries([...new FormData(e.target)].map(([k, v]) => [k, String(v).trim()]));
        go('/tasks', values);
      },
    },
    select('t-status', 'status', '状态', statusOptions),
    select('t-kind', 'kind', '类型', [['', '全部类型'], ...Object.entries(KIND)]),
    select('t-provider', 'provider', '供应商', PROVIDERS),
    input('t-phone', 'phone', '用户手机号', { type: 'search', inputmode: 'numeric', size: 13 }),
    input('t-user', 'user_id', '用户 ID', { type: 'search', inputmode: 'numeric', size: 7 }),
    input('t-job', 'job_id', '任务编号', { type: 'search', size: 30, placeholder: 'job_…' }),
    input('t-from', 'from', '创建日期从', { type: 'date' }),
    input('t-to', 'to', '到', { type: 'date' }),
    select('t-showcase', 'showcase', '精选', [
      ['', '不限'],
      ['true', '已精选'],
      ['false', '未精选'],
    ]),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '筛选'),
    h('a', { href: '#/tasks', class: 'btn' }, '清除'),
  );
  clear(root, h('h1', {}, '任务'), h('section', { class: 'panel' }, form, h('p', { class: 'loading' }, '加载中…')));
  const q = { ...query };
  delete q.t;
  const p = await api('/admin/tasks', { query: { ...q, page, page_size: 20 } });
  clear(
    root,
    h('h1', {}, '任务'),
    h(
      'section',
      { class: 'panel' },
      form,
      table(
        [
          { label: '任务', cell: t => h('a', { href: `#/tasks/${t.jobId}`, class: 'mono' }, t.jobId) },
          { label: '用户', cell: t => h('a', { href: `#/users/${t.userId}` }, t.phone || `#${t.userId}`) },
          { label: '类型', cell: t => KIND[t.kind] ?? t.kind },
          {
            label: '状态',
            cell: t => [
              statusBadge(t.status),
              t.deleted ? [' ', badge('用户已删除')] : null,
              t.hidden ? [' ', badge('审核隐藏', 'bad')] : null,
              t.showcase ? [' ', badge('精选', 'warn')] : null,
            ],
          },
          { label: '供应商', cell: t => t.provider ?? '—' },
          { label: '描述', cell: t => h('span', { class: 'clip', title: t.prompt }, t.prompt) },
          { label: '积分', num: true, cell: t => t.credits },
          { label: '错误', cell: t => t.errorCode ?? '' },
          { label: '创建时间', cell: t => h('span', { class: 'nowrap' }, fmtTime(t.createdAt)) },
        ],
        p.items,
        { empty: '没有符合条件的任务' },
      ),
      pager(p, n => go('/tasks', { ...q, page: n }), '任务分页'),
    ),
  );
}
