// 用户详情: balance, frozen, lots and expiry, transactions, stickers; grant/deduct credits, disable/enable.
import { api } from '../api.js';
import { alertBox, badge, clear, fmtNum, fmtTime, formDialog, h, KIND, load, pager, statusBadge, table, toast, uuid } from '../dom.js';
import { ADMIN_ACTION_LABELS, LEDGER_TYPE_LABELS } from '../shared.js';

const LOT_SOURCE = { bonus: '赠送', purchase: '购买', grant: '系统发放' };

export async function render(root, { params, go }) {
  const id = Number(params[0]);
  const u = await api(`/admin/users/${id}`);
  const refresh = () => go(`/users/${id}`, { t: Date.now() });

  const creditDialog = kind =>
    formDialog({
      title: kind === 'grant' ? `给 ${u.phone} 发放积分` : `扣除 ${u.phone} 的积分`,
      description: kind === 'grant' ? '会写入一条积分流水（系统发放）和一条操作记录。' : `当前可用 ${u.credits} 积分，不能扣成负数。`,
      fields: [
        { name: 'amount', label: '积分数量', type: 'number', min: 1, step: 1, inputmode: 'numeric', required: true },
        { name: 'reason', label: '原因', type: 'textarea', required: true, maxlength: 255, placeholder: '例如：生成失败补偿' },
      ],
      submitLabel: kind === 'grant' ? '发放' : '扣除',
      danger: kind === 'deduct',
      submit: (() => {
        const idempotencyKey = uuid(); // one per opened form: a double click applies once
        return async v => {
          const amount = Number(v.amount);
          if (!Number.isInteger(amount) || amount <= 0) throw new Error('积分数量必须是正整数');
          return api(`/admin/users/${id}/${kind}`, { method: 'POST', body: { amount, reason: v.reason, idempotencyKey } });
        };
      })(),
    }).then(r => {
      if (r) {
        toast(`${kind === 'grant' ? '已发放' : '已扣除'} ${Math.abs(r.amount)} 积分，当前可用 ${r.available}`);
        refresh();
      }
    });

  const statusDialog = () =>
    formDialog({
      title: u.disabled ? `启用账号 ${u.phone}` : `停用账号 ${u.phone}`,
      description: u.disabled ? '启用后用户可以重新登录（之前的登录状态仍然无效）。' : '停用后用户立即退出登录，不能登录，也不能生成表情。',
      fields: [{ name: 'reason', label: '原因', type: 'textarea', required: true, maxlength: 255 }],
      submitLabel: u.disabled ? '启用' : '停用',
      danger: !u.disabled,
      submit: v => api(`/admin/users/${id}/${u.disabled ? 'enable' : 'disable'}`, { method: 'POST', body: { reason: v.reason } }),
    }).then(r => {
      if (r) {
        toast(r.disabled ? '账号已停用' : '账号已启用');
        refresh();
      }
    });

  const tile = (label, value, sub) =>
    h('div', { class: 'tile' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null);
  const txBox = h('div', {});
  const txType = h(
    'select',
    { id: 'tx-type', onchange: () => loadTx(1) },
    h('option', { value: '' }, '全部类型'),
    Object.entries(LEDGER_TYPE_LABELS).map(([k, l]) => h('option', { value: k }, l)),
  );
  const stickersBox = h('div', {});
  const auditBox = h('div', {});

  clear(
    root,
    h('p', {}, h('a', { href: '#/users' }, '← 用户列表')),
    h(
      'div',
      { class: 'row' },
      h('h1', {}, `用户 ${u.phone}`),
      u.role === 'admin' ? badge('管理员', 'info') : null,
      u.disabled ? badge('已停用', 'bad') : badge('正常', 'ok'),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => creditDialog('grant') }, '发放积分'),
      h('button', { type: 'button', class: 'btn', onclick: () => creditDialog('deduct') }, '扣除积分'),
      h('button', { type: 'button', class: u.disabled ? 'btn' : 'btn btn-danger', onclick: statusDialog }, u.disabled ? '启用账号' : '停用账号'),
    ),
    h(
      'p',
      { class: 'muted' },
      `用户 ID ${u.id} · 注册于 ${fmtTime(u.createdAt)} · ${u.hasPassword ? '已设置密码' : '未设置密码'} · ${u.wechatLinked ? '已绑定微信' : '未绑定微信'}`,
    ),
    h(
      'section',
      { class: 'tiles', 'aria-label': '积分' },
      tile('可用积分', fmtNum(u.summary.available)),
      tile('冻结中', fmtNum(u.summary.frozen), '生成中的表情占用'),
      tile('累计获得', fmtNum(u.summary.totalEarned)),
      tile('累计消费', fmtNum(u.summary.totalSpent)),
      tile(
        '最近到期',
        u.summary.soonestExpiry ? fmtNum(u.summary.soonestExpiryAmount) : '—',
        u.summary.soonestExpiry ? `${fmtTime(u.summary.soonestExpiry)} 到期` : '没有将到期的积分',
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'lots-title' },
      h('h2', { id: 'lots-title' }, '积分批次（按到期先后）'),
      table(
        [
          { label: '批次', num: true, cell: l => l.id },
          { label: '来源', cell: l => LOT_SOURCE[l.source] ?? l.source },
          { label: '数量', num: true, cell: l => fmtNum(l.amount) },
          { label: '剩余可用', num: true, cell: l => fmtNum(l.remaining) },
          { label: '冻结', num: true, cell: l => fmtNum(l.held) },
          { label: '获得时间', cell: l => fmtTime(l.createdAt) },
          { label: '到期时间', cell: l => (l.expiresAt ? fmtTime(l.expiresAt) : '永不过期') },
        ],
        u.lots,
        { empty: '没有剩余积分' },
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'tx-title' },
      h(
        'div',
        { class: 'row' },
        h('h2', { id: 'tx-title' }, '积分流水'),
        h('span', { class: 'spacer' }),
        h('label', { for: 'tx-type', class: 'muted' }, '类型'),
        txType,
      ),
      txBox,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'st-title' },
      h(
        'div',
        { class: 'row' },
        h('h2', { id: 'st-title' }, '表情'),
        h('span', { class: 'spacer' }),
        h('a', { href: `#/tasks?user_id=${id}` }, '在任务页筛选'),
      ),
      stickersBox,
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'au-title' }, h('h2', { id: 'au-title' }, '针对该用户的操作记录'), auditBox),
  );

  const loadTx = page =>
    load(txBox, async () => {
      const p = await api(`/admin/users/${id}/transactions`, { query: { page, page_size: 10, type: txType.value } });
      return [
        table(
          [
            { label: '时间', cell: e => h('span', { class: 'nowrap' }, fmtTime(e.createdAt)) },
            { label: '类型', cell: e => LEDGER_TYPE_LABELS[e.type] ?? e.type },
            { label: '变动', num: true, cell: e => (e.amount > 0 ? `+${e.amount}` : String(e.amount)) },
            { label: '可用（前 → 后）', num: true, cell: e => `${e.availableBefore} → ${e.availableAfter}` },
            { label: '余额（前 → 后）', num: true, cell: e => `${e.balanceBefore} → ${e.balanceAfter}` },
            { label: '说明', cell: e => e.description },
            { label: '关联', cell: reference },
          ],
          p.items,
          { empty: '没有流水' },
        ),
        pager(p, loadTx, '积分流水分页'),
      ];
    });
  const loadStickers = page =>
    load(stickersBox, async () => {
      const p = await api('/admin/tasks', { query: { user_id: id, page, page_size: 10 } });
      return [
        table(
          [
            { label: '任务', cell: t => h('a', { href: `#/tasks/${t.jobId}`, class: 'mono' }, t.jobId) },
            { label: '类型', cell: t => KIND[t.kind] ?? t.kind },
            { label: '状态', cell: t => statusBadge(t.status) },
            { label: '描述', cell: t => h('span', { class: 'clip', title: t.prompt }, t.prompt) },
            { label: '积分', num: true, cell: t => t.credits },
            { label: '创建时间', cell: t => h('span', { class: 'nowrap' }, fmtTime(t.createdAt)) },
          ],
          p.items,
          { empty: '还没有表情' },
        ),
        pager(p, loadStickers, '表情分页'),
      ];
    });
  const loadAudit = page =>
    load(auditBox, async () => {
      const p = await api('/admin/audit-log', { query: { target_type: 'user', target_id: id, page, page_size: 10 } });
      return [
        table(
          [
            { label: '时间', cell: a => h('span', { class: 'nowrap' }, fmtTime(a.createdAt)) },
            { label: '操作人', cell: a => a.actorPhone ?? (a.actorId ? `#${a.actorId}` : '命令行') },
            { label: '操作', cell: a => ADMIN_ACTION_LABELS[a.action] ?? a.action },
            { label: '原因', cell: a => a.reason || '—' },
            { label: '详情', cell: a => (a.details ? h('span', { class: 'mono' }, JSON.stringify(a.details)) : '—') },
          ],
          p.items,
          { empty: '没有操作记录' },
        ),
        pager(p, loadAudit, '操作记录分页'),
      ];
    });
  await Promise.all([loadTx(1), loadStickers(1), loadAudit(1)]).catch(e => clear(txBox, alertBox(e)));
}

function reference(e) {
  if (!e.referenceId) return '—';
  if (e.referenceType === 'task') return h('a', { href: `#/tasks/${e.referenceId}`, class: 'mono' }, e.referenceId);
  if (e.referenceType === 'admin') return h('a', { href: `#/users/${e.referenceId}` }, `管理员 #${e.referenceId}`);
  return `${e.referenceType ?? ''} ${e.referenceId}`;
}
