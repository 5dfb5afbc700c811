// The one place that talks to the backend. App envelope: {code:'OK', message, data} or {code, message, requestId}.
const TOKEN_KEY = 'bq_admin_token';

export class ApiError extends Error {
  constructor(status, code, message, requestId, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.details = details;
  }
}

export const getToken = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = token => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY));

async function readJson(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    console.warn('not JSON from', res.url, e);
    return null;
  }
}

/** Calls /api/v1<path>; resolves with `data`, rejects with an ApiError carrying the envelope's message. */
export async function api(path, { method = 'GET', query, body } = {}) {
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', `网络错误，请检查连接后重试（${e.message}）`);
  }
  const json = await readJson(res);
  if (res.ok && json && json.code === 'OK') return json.data;
  const err = new ApiError(res.status, json?.code ?? `HTTP_${res.status}`, json?.message ?? `请求失败（HTTP ${res.status}）`, json?.requestId, json?.details);
  if (res.status === 401) window.dispatchEvent(new CustomEvent('auth:expired', { detail: err }));
  throw err;
}

/** seed 001's login answers in English (a contract); the console speaks Chinese. */
const LOGIN_MESSAGES = {
  'invalid phone or password': '手机号或密码错误',
  'Invalid phone number format': '手机号格式不正确',
};

/** seed 001 login (phone + password → data.token), then the profile: only admins get in. */
export async function login(phone, password) {
  const res = await fetch('/api/v1/users/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  const json = await readJson(res);
  if (!json || json.code !== 0 || !json.data?.token) {
    const message = json?.message ? (LOGIN_MESSAGES[json.message] ?? json.message) : `HTTP ${res.status}`;
    throw new ApiError(res.status, 'LOGIN_FAILED', message);
  }
  setToken(json.data.token);
  try {
    const me = await api('/users/me');
    if (me.role !== 'admin') throw new ApiError(403, 'FORBIDDEN', '该账号没有管理员权限');
    return me;
  } catch (e) {
    setToken(null);
    throw e;
  }
}
