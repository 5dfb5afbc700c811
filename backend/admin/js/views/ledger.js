// 账本核对: recompute every balance from the ledger entries (CreditService.audit) and show any mismatch.
import { api } from '../api.js';
import { badge, clear, fmtNum, fmtTime, h, table } from '../dom.js';

const FIELD = { available: '可用余额', frozen: '冻结余额', chain: '流水衔接', entry: '单条流水', negative: '出现负数', account: '账户缺失', lots: '积分批次' };

export async function render(root) {
  const out = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'btn btn-primary', onclick: run }, '运行账本核对');
  clear(
    root,
    h('h1', {}, '账本核对'),
    h('p', { class: 'muted' }, '从每一条积分流水重新计算所有账户，与缓存的余额、冻结记录和积分批次比对。只读，不修改任何数据。'),
    h('section', { class: 'panel' }, h('div', { class: 'row' }, button), out),
  );

  async function run() {
    button.disabled = true;
    clear(out, h('p', { class: 'loading' }, '核对中…'));
    try {
      const r = await api('/admin/ledger-audit');
      clear(
        out,
        h(
          'div',
          { class: r.ok ? 'alert ok' : 'alert', role: r.ok ? 'status' : 'alert' },
          r.ok ? '账本一致：每个账户的余额都等于其流水之和。' : `发现 ${r.mismatches.length + r.badHolds.length + r.badLots.length} 处不一致，请检查下表。`,
        ),
        h(
          'p',
          { class: 'muted' },
          `核对时间 ${fmtTime(r.checkedAt)} · 账户 ${fmtNum(r.accounts)} · 流水 ${fmtNum(r.entries)} · 冻结记录 ${fmtNum(r.holds)} · 积分批次 ${fmtNum(r.lots)}`,
        ),
        h('h2', {}, '余额不一致 ', badge(String(r.mismatches.length), r.mismatches.length ? 'bad' : 'ok')),
        table(
          [
            { label: '用户', cell: m => h('a', { href: `#/users/${m.userId}` }, `#${m.userId}`) },
            { label: '项目', cell: m => FIELD[m.field] ?? m.field },
            { label: '缓存值', num: true, cell: m => m.cached ?? '—' },
            { label: '按流水计算', num: true, cell: m => m.computed ?? '—' },
            { label: '说明', cell: m => m.detail ?? '' },
          ],
          r.mismatches,
          { empty: '没有' },
        ),
        h('h2', { style: 'margin-top:16px' }, '冻结记录问题 ', badge(String(r.badHolds.length), r.badHolds.length ? 'bad' : 'ok')),
        table(
          [
            { label: '冻结记录', num: true, cell: b => b.holdId },
            { label: '任务', cell: b => (/^job_/.test(b.taskRef) ? h('a', { href: `#/tasks/${b.taskRef}`, class: 'mono' }, b.taskRef) : b.taskRef) },
            { label: '状态', cell: b => b.state },
            { label: '问题', cell: b => b.problem },
          ],
          r.badHolds,
          { empty: '没有' },
        ),
        h('h2', { style: 'margin-top:16px' }, '积分批次问题 ', badge(String(r.badLots.length), r.badLots.length ? 'bad' : 'ok')),
        table(
          [
            { label: '批次', num: true, cell: l => l.lotId },
            { label: '用户', cell: l => h('a', { href: `#/users/${l.userId}` }, `#${l.userId}`) },
            { label: '问题', cell: l => l.problem },
          ],
          r.badLots,
          { empty: '没有' },
        ),
      );
    } catch (e) {
      clear(out, h('div', { class: 'alert', role: 'alert' }, `核对失败：${e.message}`));
    } finally {
      button.disabled = false;
    }
  }
}
