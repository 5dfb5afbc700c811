// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so user data cannot inject markup.

/** h('button', {class: 'btn', onclick}, 'text', child…) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    // through the CSSOM: the console's Content-Security-Policy refuses inline style attributes
    else if (k === 'style') el.style.cssText = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const fmtNum = n => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));
export const fmtPct = r => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
export function fmtSeconds(s) {
  if (s === null || s === undefined) return '—';
  if (s < 90) return `${s.toFixed(s < 10 ? 1 : 0)} 秒`;
  if (s < 5400) return `${(s / 60).toFixed(1)} 分钟`;
  return `${(s / 3600).toFixed(1)} 小时`;
}

export const STATUS = {
  QUEUED: ['排队中', 'info'],
  PENDING: ['已提交', 'info'],
  RUNNING: ['生成中', 'info'],
  CONVERTING: ['转码中', 'info'],
  SUCCEEDED: ['成功', 'ok'],
  FAILED: ['失败', 'bad'],
  CANCELED: ['已取消', ''],
};
export const KIND = { text: '文字', image: '图片', web_search: '联网角色' };

export const badge = (text, tone = '') => h('span', { class: `badge ${tone}` }, text);
export const statusBadge = s => badge(...(STATUS[s] ?? [s, '']));

export function alertBox(error) {
  const msg = error?.message ?? String(error);
  const extra = error?.requestId ? `（请求编号 ${error.requestId}）` : '';
  return h('div', { class: 'alert', role: 'alert' }, msg, h('span', { class: 'muted' }, extra));
}

export function toast(message, tone = '') {
  const box = document.getElementById('toasts');
  const t = h('div', { class: `toast ${tone}` }, message);
  box.append(t);
  setTimeout(() => t.remove(), 4000);
}

/**
 * A table. columns: [{label, cell: row => node|string, num?: bool}]. Empty → a row saying so.
 */
export function table(columns, rows, { caption, empty = '没有数据' } = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      caption ? h('caption', {}, caption) : null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : '' }, c.label)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.length
          ? rows.map(r =>
              h(
                'tr',
                {},
                columns.map(c => h('td', { class: c.num ? 'num' : (c.class ?? '') }, c.cell(r))),
              ),
            )
          : h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty)),
      ),
    ),
  );
}

/** Previous/next for a Paged<T>; `go(page)` loads another page. */
export function pager({ total, page, pageSize }, go, label = '分页') {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return h(
    'nav',
    { class: 'pager', 'aria-label': label },
    h('span', { class: 'muted' }, `共 ${fmtNum(total)} 条 · 第 ${page} / ${pages} 页`),
    h('button', { type: 'button', class: 'btn btn-small', disabled: page <= 1, onclick: () => go(page - 1) }, '上一页'),
    h('button', { type: 'button', class: 'btn btn-small', disabled: page >= pages, onclick: () => go(page + 1) }, '下一页'),
  );
}

/**
 * A modal form in a <dialog> (focus moves in, Esc closes, focus returns). fields: [{name, label, type, required, …}].
 * `submit(values)` may throw an ApiError: its message is shown in the dialog and the dialog stays open.
 */
export function formDialog({ title, description, fields, submitLabel = '确定', danger = false, submit }) {
  return new Promise(resolve => {
    const opener = document.activeElement;
    const error = h('div', { class: 'field-error', role: 'alert' });
    const inputs = {};
    const form = h(
      'form',
      { method: 'dialog', novalidate: true },
      h('h2', {}, title),
      description ? h('p', { class: 'muted' }, description) : null,
      fields.map(f => {
        const id = `dlg-${f.name}`;
        const input =
          f.type === 'textarea'
            ? h('textarea', { id, name: f.name, required: f.required, maxlength: f.maxlength, placeholder: f.placeholder }, f.value ?? '')
            : f.type === 'select'
              ? h(
                  'select',
                  { id, name: f.name },
                  f.options.map(([value, label]) => h('option', { value, selected: value === f.value }, label)),
                )
              : h('input', {
                  id,
                  name: f.name,
                  type: f.type ?? 'text',
                  required: f.required,
                  min: f.min,
                  step: f.step,
                  inputmode: f.inputmode,
                  placeholder: f.placeholder,
                  value: f.value,
                });
        inputs[f.name] = input;
        return h('div', { class: 'field' }, h('label', { for: id }, f.label, f.required ? ' *' : ''), input);
      }),
      error,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => dlg.close() }, '取消'),
        h('button', { type: 'submit', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}` }, submitLabel),
      ),
    );
    const dlg = h('dialog', { 'aria-label': title }, form);
    let result = null;
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const values = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()]));
      const missing = fields.find(f => f.required && !values[f.name]);
      if (missing) {
        error.textContent = `请填写${missing.label}`;
        inputs[missing.name].focus();
        return;
      }
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      error.textContent = '';
      try {
        result = await submit(values);
        dlg.close();
      } catch (err) {
        error.textContent = err.message ?? String(err);
      } finally {
        button.disabled = false;
      }
    });
    dlg.addEventListener('close', () => {
      dlg.remove();
      if (opener && opener.focus) opener.focus();
      resolve(result);
    });
    document.body.append(dlg);
    dlg.showModal();
  });
}

export function confirmDialog(opts) {
  return formDialog({ ...opts, fields: opts.fields ?? [] });
}

/** Loads async content into `el` with a loading line and an error box. */
export async function load(el, fn) {
  el.replaceChildren(h('p', { class: 'loading' }, '加载中…'));
  try {
    const content = await fn();
    clear(el, content);
  } catch (e) {
    clear(el, alertBox(e));
    if (!e.status) console.error(e);
  }
}

export function uuid() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}
