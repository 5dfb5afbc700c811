// The console shell: login, navigation and a hash router (#/users/12?page=2).
import { api, getToken, login, setToken } from './api.js';
import { alertBox, clear, h, toast } from './dom.js';
import * as dashboard from './views/dashboard.js';
import * as users from './views/users.js';
import * as userDetail from './views/user-detail.js';
import * as tasks from './views/tasks.js';
import * as taskDetail from './views/task-detail.js';
import * as showcase from './views/showcase.js';
import * as templates from './views/templates.js';
import * as ledger from './views/ledger.js';
import * as audit from './views/audit.js';
import * as presets from './views/presets.js';
import * as orders from './views/orders.js';
import * as orderDetail from './views/order-detail.js';

const ROUTES = [
  [/^\/?$/, dashboard, 'dashboard'],
  [/^\/dashboard$/, dashboard, 'dashboard'],
  [/^\/users$/, users, 'users'],
  [/^\/users\/(\d+)$/, userDetail, 'users'],
  [/^\/tasks$/, tasks, 'tasks'],
  [/^\/tasks\/(job_[0-9a-f]{24})$/, taskDetail, 'tasks'],
  [/^\/showcase$/, showcase, 'showcase'],
  [/^\/templates$/, templates, 'templates'],
  [/^\/ledger$/, ledger, 'ledger'],
  [/^\/audit$/, audit, 'audit'],
  [/^\/presets$/, presets, 'presets'],
  [/^\/orders$/, orders, 'orders'],
  [/^\/orders\/([0-9A-Za-z_-]{1,32})$/, orderDetail, 'orders'],
];

const main = document.getElementById('main');
let me = null;
let renderSeq = 0;

/** Navigate within the console: go('/tasks', {status: 'FAILED'}) */
export function go(path, query = {}) {
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  const target = `#${path}${qs ? `?${qs}` : ''}`;
  if (location.hash === target) route();
  else location.hash = target;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/dashboard';
  const [path, qs = ''] = raw.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(qs)) };
}

async function route() {
  if (!me) return showLogin();
  const { path, query } = parseHash();
  const match = ROUTES.map(([re, view, nav]) => ({ m: re.exec(path), view, nav })).find(r => r.m);
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (match && a.dataset.nav === match.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const seq = ++renderSeq;
  const container = h('div', {});
  clear(main, container);
  if (!match) {
    clear(container, h('h1', {}, '页面不存在'), h('p', {}, h('a', { href: '#/dashboard' }, '回到概览')));
    return;
  }
  try {
    await match.view.render(container, { params: match.m.slice(1), query, go, isCurrent: () => seq === renderSeq, me });
  } catch (e) {
    if (seq === renderSeq) clear(container, alertBox(e));
    if (!e.status) console.error(e);
  }
  if (seq === renderSeq && document.activeElement === document.body) main.focus({ preventScroll: true });
}

function showLogin(message) {
  document.getElementById('topbar').hidden = true;
  const error = h('div', { role: 'alert', class: message ? 'alert' : '' }, message ?? '');
  const phone = h('input', { id: 'login-phone', name: 'phone', type: 'tel', autocomplete: 'username', inputmode: 'numeric', required: true, maxlength: 11 });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '登录');
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async e => {
        e.preventDefault();
        if (!phone.value.trim() || !password.value) {
          error.className = 'alert';
          error.textContent = '请输入手机号和密码';
          return;
        }
        submit.disabled = true;
        error.className = '';
        error.textContent = '';
        try {
          me = await login(phone.value.trim(), password.value);
          start();
        } catch (err) {
          error.className = 'alert';
          error.textContent = `登录失败：${err.message}`;
          password.select();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'login-phone' }, '手机号'), phone),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, '密码'), password),
    error,
    submit,
  );
  clear(
    main,
    h(
      'section',
      { class: 'panel login', 'aria-labelledby': 'login-title' },
      h('h1', { id: 'login-title' }, '运营后台登录'),
      h('p', { class: 'muted' }, '使用管理员账号的手机号和密码登录。'),
      form,
    ),
  );
  phone.focus();
}

function start() {
  document.getElementById('topbar').hidden = false;
  document.getElementById('who').textContent = `管理员 ${me.phone}`;
  route();
}

window.addEventListener('hashchange', () => route());
window.addEventListener('auth:expired', () => {
  if (!me) return;
  me = null;
  setToken(null);
  showLogin('登录已失效，请重新登录');
});
document.getElementById('logout').addEventListener('click', () => {
  me = null;
  setToken(null);
  toast('已退出登录');
  showLogin();
});

(async () => {
  if (!getToken()) return showLogin();
  try {
    const profile = await api('/users/me');
    if (profile.role !== 'admin') {
      setToken(null);
      return showLogin('该账号没有管理员权限');
    }
    me = profile;
    start();
  } catch (e) {
    setToken(null);
    showLogin(e.status === 401 ? undefined : e.message);
  }
})();
