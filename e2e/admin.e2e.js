#!/usr/bin/env node
// End-to-end test of the operators' console (/admin) in headless Chromium (playwright-core).
//
// runAdminE2e({ baseUrl, browser, artifactsDir, adminPhone, dbPath? }) → { passed, failed, cases: [{name, ok, error?, ms}] }
//   The server at baseUrl must have been started with ADMIN_PHONES containing adminPhone. Data is seeded through
//   the HTTP API (users, stickers against the provider simulator, a "[sim:slow]" task that never finishes); with
//   `dbPath` (the server's SQLite file) 30 days of task history are inserted too, so the charts have a past.
//   Screenshots: <artifactsDir>/admin/*.png.
//
// Standalone: `node e2e/admin.e2e.js` builds what is stale, starts `node backend/bootstrap.js` (MIDWAY_SERVER_ENV=local,
// temp DATA_DIR, random PORT, ADMIN_PHONES) and runs the suite. CHROMIUM_PATH overrides /usr/bin/chromium.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const PASSWORD = 'e2e-secret-123';
const DAY = 24 * 3600 * 1000;

function artifactsFolder(dir) {
  const out = path.basename(dir) === 'admin' ? dir : path.join(dir, 'admin');
  fs.mkdirSync(out, { recursive: true });
  return out;
}

/** JSON request to the API; resolves with the parsed body and status. */
async function call(baseUrl, method, url, { token, body } = {}) {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { raw: text };
  }
  return { status: res.status, body: json };
}

async function account(baseUrl, phone) {
  const reg = await call(baseUrl, 'POST', '/api/v1/users/register', { body: { phone, password: PASSWORD } });
  if (reg.status !== 200 && !/exists|已注册/.test(reg.body?.message ?? '')) throw new Error(`register ${phone}: ${reg.status} ${JSON.stringify(reg.body)}`);
  const login = await call(baseUrl, 'POST', '/api/v1/users/login', { body: { phone, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login ${phone}: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.data.token;
  const me = await call(baseUrl, 'GET', '/api/v1/users/me', { token });
  return { phone, token, id: me.body.data.id, role: me.body.data.role };
}

/**
 * The operator's account. ADMIN_PHONES only promotes a phone an SMS code proved (seed 001's register proves
 * nothing), so: SMS sign-in with the code from the backend's log (SMS is not configured here), then a password
 * for the console's login form.
 */
async function adminAccount(baseUrl, phone, serverLog) {
  if (typeof serverLog !== 'function') throw new Error('no server log reader: the admin signs in by SMS code');
  const mark = serverLog().length;
  const sent = await call(baseUrl, 'POST', '/api/v1/auth/sms/send', { body: { phone } });
  if (sent.status !== 200) throw new Error(`sms send ${phone}: ${sent.status} ${JSON.stringify(sent.body)}`);
  const re = new RegExp(`login code for ${phone} is (\\d{6})`);
  let code = null;
  for (let i = 0; i < 50 && !code; i++) {
    const m = re.exec(serverLog().slice(mark));
    if (m) code = m[1];
    else await new Promise(r => setTimeout(r, 200));
  }
  if (!code) throw new Error(`no "login code for ${phone}" line in the backend output`);
  const login = await call(baseUrl, 'POST', '/api/v1/auth/sms/login', { body: { phone, code } });
  if (login.status !== 200) throw new Error(`sms login ${phone}: ${login.status} ${JSON.stringify(login.body)}`);
  const set = await call(baseUrl, 'POST', '/api/v1/users/change-password', { token: login.body.data.token, body: { newPassword: PASSWORD } });
  if (set.status !== 200) throw new Error(`set password ${phone}: ${set.status} ${JSON.stringify(set.body)}`);
  return account(baseUrl, phone);
}

const randomPhone = () => `137${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;

async function waitFor(what, fn, timeoutMs = 60000, everyMs = 500) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, everyMs));
  }
}

/** 30 days of finished tasks straight into the server's SQLite file (no credits involved: the ledger stays exact). */
function seedHistory(dbPath, userId) {
  const Database = require(require.resolve('better-sqlite3', { paths: [path.join(__dirname, '..', 'backend')] }));
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 10000');
  const fmt = d => d.toISOString().replace('T', ' ').replace('Z', '');
  const insert = db.prepare(`INSERT INTO task (jobId, userId, kind, mode, status, prompt, credits, provider, model, providerTaskId,
    submittedAt, providerDoneAt, finishedAt, createdAt, updatedAt, errorCode, errorMessage)
    VALUES (@jobId, @userId, @kind, 't2v', @status, @prompt, 20, @provider, 'sim', @providerTaskId, @submittedAt, @providerDoneAt, @finishedAt, @createdAt, @createdAt, @errorCode, @errorMessage)`);
  const providers = ['dashscope', 'dashscope', 'kie', 'evolink'];
  const prompts = ['跳舞的猫', '比心的柴犬', '哈哈大笑的熊猫', '生气的小鸭', '晚安月亮'];
  let n = 0;
  const now = Date.now();
  const tx = db.transaction(() => {
    for (let day = 29; day >= 1; day--) {
      const count = 2 + ((day * 7) % 6);
      for (let i = 0; i < count; i++) {
        const provider = providers[(day + i) % providers.length];
        const failed = (day + i) % (provider === 'evolink' ? 3 : 7) === 0;
        const created = new Date(now - day * DAY + i * 600_000);
        const genSeconds = 60 + ((day * 13 + i * 29) % 240) * (provider === 'kie' ? 1.6 : 1);
        const submitted = new Date(created.getTime() + 2000 + i * 500);
        const done = new Date(submitted.getTime() + genSeconds * 1000);
        insert.run({
          jobId: `job_${crypto.randomBytes(12).toString('hex')}`,
          userId,
          kind: 'text',
          status: failed ? 'FAILED' : 'SUCCEEDED',
          prompt: `${prompts[(day + i) % prompts.length]}（历史数据）`,
          provider,
          providerTaskId: `sim-${crypto.randomBytes(6).toString('hex')}`,
          submittedAt: fmt(submitted),
          providerDoneAt: failed ? null : fmt(done),
          finishedAt: fmt(new Date(done.getTime() + 4000)),
          createdAt: fmt(created),
          errorCode: failed ? 'GENERATION_FAILED' : null,
          errorMessage: failed ? '视频生成失败，积分已退回，请换个描述再试' : null,
        });
        n++;
      }
    }
  });
  tx();
  db.close();
  return n;
}

async function runAdminE2e({ baseUrl, browser, artifactsDir, adminPhone = process.env.E2E_ADMIN_PHONE || '13900000001', dbPath, serverLog } = {}) {
  const shots = artifactsFolder(artifactsDir || path.join(__dirname, '..', 'test-artifacts'));
  const cases = [];
  const state = {};
  let context = null;
  let page = null;

  async function step(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      cases.push({ name, ok: true, ms: Date.now() - t0 });
      console.log(`  \x1b[32m✓\x1b[0m admin: ${name}`);
    } catch (e) {
      cases.push({ name, ok: false, error: (e && e.stack) || String(e), ms: Date.now() - t0 });
      console.log(
        `  \x1b[31m✗\x1b[0m admin: ${name}\n      ${String((e && e.message) || e)
          .split('\n')
          .join('\n      ')}`,
      );
      if (page) await page.screenshot({ path: path.join(shots, `failed-${cases.length}.png`), fullPage: true }).catch(() => {});
    }
  }
  const nav = name => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true });
  const shot = name => page.screenshot({ path: path.join(shots, name), fullPage: true });
  const expectText = async (locator, re, what) => {
    await locator.first().waitFor({ state: 'visible', timeout: 15000 });
    const text = await locator.first().innerText();
    if (!re.test(text)) throw new Error(`${what}: expected ${re}, got ${JSON.stringify(text.slice(0, 300))}`);
  };

  await step('seed data through the API (users, stickers on the simulator, a stuck "[sim:slow]" task)', async () => {
    state.admin = await adminAccount(baseUrl, adminPhone, serverLog);
    if (state.admin.role !== 'admin') throw new Error(`${adminPhone} is not an admin: start the server with ADMIN_PHONES=${adminPhone}`);
    state.alice = await account(baseUrl, randomPhone());
    state.bob = await account(baseUrl, randomPhone());
    const create = async (who, prompt) => {
      const r = await call(baseUrl, 'POST', '/api/v1/stickers', { token: who.token, body: { kind: 'text', prompt } });
      if (r.status !== 200) throw new Error(`create sticker: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.data.jobId;
    };
    await create(state.alice, '一只跳舞的橘猫');
    await create(state.bob, '比心的柴犬');
    await create(state.bob, '[sim:fail] 会失败的表情');
    state.stuckJob = await create(state.alice, '[sim:slow] 永远在路上的小鸭');
    if (dbPath) state.history = seedHistory(dbPath, state.bob.id);
    // the stuck task reaches the provider; the others finish (or fail) on the simulator
    await waitFor('the stuck task at the provider', async () => {
      const r = await call(baseUrl, 'GET', `/api/v1/admin/tasks/${state.stuckJob}`, { token: state.admin.token });
      return r.body?.data?.providerTaskId ? r.body.data : null;
    });
    state.succeeded = await waitFor(
      'a finished sticker',
      async () => {
        const r = await call(baseUrl, 'GET', `/api/v1/admin/tasks?status=SUCCEEDED&user_id=${state.alice.id}`, { token: state.admin.token });
        return r.body?.data?.items?.find(t => t.gifUrl) ?? null;
      },
      90000,
      1000,
    );
  });

  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', e => consoleErrors.push(String(e)));

  await step('a non-admin cannot get in; a wrong password shows the error message', async () => {
    await page.goto(`${baseUrl}/admin`);
    await page.getByLabel('手机号').waitFor();
    if (await page.locator('#topbar').isVisible()) throw new Error('the navigation shows before signing in');
    await page.getByLabel('手机号').fill(state.alice.phone);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expectText(page.locator('.login [role=alert]'), /没有管理员权限/, 'non-admin login');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expectText(page.locator('.login [role=alert]'), /登录失败：手机号或密码错误/, 'wrong password');
    await shot('01-login-error.png');
  });

  await step('the admin signs in (keyboard only) and the dashboard charts render with data', async () => {
    await page.getByLabel('手机号').fill(adminPhone);
    await page.getByLabel('手机号').press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '概览' }).waitFor({ timeout: 15000 });
    const token = await page.evaluate(() => sessionStorage.getItem('bq_admin_token'));
    if (!token) throw new Error('no token in sessionStorage');
    await page.locator('figure.chart svg').first().waitFor();
    const charts = await page.locator('figure.chart').evaluateAll(figs =>
      figs.map(f => {
        const svg = f.querySelector('svg');
        const r = svg.getBoundingClientRect();
        const marks = [...svg.querySelectorAll('rect[data-series], polyline[data-series], rect[data-bar]')]
          .map(m => m.getBoundingClientRect())
          .filter(b => b.width > 0 && b.height > 0).length;
        return { title: f.querySelector('figcaption').textContent, w: r.width, h: r.height, marks };
      }),
    );
    if (charts.length < 6) throw new Error(`expected at least 6 charts, found ${charts.length}`);
    for (const c of charts) if (!(c.w > 200 && c.h > 40)) throw new Error(`chart "${c.title}" has no size: ${c.w}×${c.h}`);
    const must = [/每日表情数/, /每日积分/, /供应商成功率/, /生成耗时/, /并发上限/];
    for (const re of must) {
      const c = charts.find(x => re.test(x.title));
      if (!c) throw new Error(`no chart matching ${re}`);
      if (c.marks < 1) throw new Error(`chart "${c.title}" drew no data`);
    }
    const stickers = charts.find(x => /每日表情数/.test(x.title));
    if (dbPath && stickers.marks < 20) throw new Error(`the stickers chart shows only ${stickers.marks} bars for 30 days of history`);
    await expectText(page.locator('.tile').first(), /用户总数\s*\d+/, 'users tile');
    await page.locator('#errors-title ~ div table').waitFor();
    await shot('02-dashboard.png');
  });

  await step('search a user by phone, grant credits with a reason (keyboard) and see the transaction', async () => {
    await nav('用户').click();
    await page.getByLabel('手机号（任意部分）').fill(state.alice.phone.slice(3));
    await page.getByLabel('手机号（任意部分）').press('Enter');
    await page.getByRole('link', { name: state.alice.phone, exact: true }).first().click();
    await page.getByRole('heading', { name: `用户 ${state.alice.phone}` }).waitFor();
    const before = (await call(baseUrl, 'GET', '/api/v1/users/me', { token: state.alice.token })).body.data.credits;
    // keyboard: focus the button, open the dialog, type, tab to submit
    await page.getByRole('button', { name: '发放积分' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '发放' }).click(); // empty form: the dialog says what is missing
    await expectText(dialog.locator('[role=alert]'), /请填写积分数量/, 'missing amount');
    await dialog.getByLabel('积分数量').fill('1.5');
    await dialog.getByLabel('原因').fill('e2e 补偿');
    await dialog.getByRole('button', { name: '发放' }).click();
    await expectText(dialog.locator('[role=alert]'), /正整数/, 'float amount');
    await dialog.getByLabel('积分数量').fill('50');
    await dialog.getByLabel('原因').focus();
    await page.keyboard.press('Tab'); // 取消
    await page.keyboard.press('Tab'); // 发放
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('#tx-title').waitFor();
    await expectText(page.locator('#tx-title').locator('xpath=../..').locator('tbody tr'), /系统发放\s*\+50[\s\S]*e2e 补偿/, 'the grant in the transactions');
    const after = (await call(baseUrl, 'GET', '/api/v1/users/me', { token: state.alice.token })).body.data.credits;
    if (after !== before + 50) throw new Error(`credits ${before} → ${after}, expected +50`);
    await expectText(page.locator('#au-title').locator('xpath=..').locator('tbody tr'), /发放积分[\s\S]*e2e 补偿/, 'the audit record on the user page');
    await shot('03-user-granted.png');
  });

  await step('a stuck task: filter tasks, open it, mark it failed and see the credits released', async () => {
    const hold = (await call(baseUrl, 'GET', '/api/v1/users/me', { token: state.alice.token })).body.data;
    if (hold.frozenCredits < 20) throw new Error(`expected the stuck task's 20 credits frozen, got ${hold.frozenCredits}`);
    await nav('任务').click();
    await page.getByLabel('状态').selectOption('QUEUED,PENDING,RUNNING,CONVERTING');
    await page.getByLabel('用户手机号').fill(state.alice.phone);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.getByRole('link', { name: state.stuckJob }).click();
    await page.getByRole('heading', { name: state.stuckJob }).waitFor();
    await expectText(page.locator('dl.facts'), /供应商任务 ID\s*\S+/, 'provider task id');
    await expectText(page.locator('#ev-title').locator('xpath=..').locator('tbody'), /已提交供应商/, 'history');
    await page.locator('figure.chart svg').first().waitFor();
    await shot('04-task-stuck.png');
    await page.getByRole('button', { name: '标记失败并退回积分' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('原因').fill('供应商长时间无响应（e2e）');
    await dialog.getByRole('button', { name: '标记失败并退回' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectText(page.locator('h1 + .badge'), /失败/, 'status badge');
    await expectText(page.locator('dl.facts'), /GENERATION_FAILED：[^\n]*积分已退回/, 'error shown');
    const after = (await call(baseUrl, 'GET', '/api/v1/users/me', { token: state.alice.token })).body.data;
    if (after.frozenCredits !== hold.frozenCredits - 20 || after.credits !== hold.credits + 20) {
      throw new Error(`credits not released: ${JSON.stringify(hold)} → ${JSON.stringify(after)}`);
    }
    await shot('05-task-failed.png');
  });

  await step('feature a finished sticker; the public showcase serves it', async () => {
    await nav('精选').click();
    await page.getByRole('heading', { name: '从成功的表情中挑选' }).waitFor();
    await page
      .getByRole('button', { name: `加入精选：${state.succeeded.prompt}` })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '加入精选' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectText(
      page.locator('#sc-title').locator('xpath=..').locator('.card').first(),
      new RegExp(`第 1 位[\\s\\S]*${state.succeeded.prompt}`),
      'featured card',
    );
    const img = page.locator('#sc-title').locator('xpath=..').locator('.card img').first();
    await img.waitFor();
    await page.waitForFunction(el => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 15000 });
    const pub = await call(baseUrl, 'GET', '/api/v1/showcase');
    if (pub.status !== 200 || pub.body.data.items[0]?.jobId !== state.succeeded.jobId)
      throw new Error(`public showcase: ${JSON.stringify(pub.body).slice(0, 300)}`);
    await shot('06-showcase.png');
  });

  await step('create an image template in the console; 做同款 on the app home fills the create page', async () => {
    await nav('模板').click();
    await page.getByRole('button', { name: '新建模板' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('类型').selectOption('image');
    await dialog.getByLabel('名称').fill('挥手拜拜');
    await dialog.getByLabel(/^描述/).fill('开心地挥手说再见');
    await dialog.getByLabel('配字（可选）').fill('拜拜啦');
    await dialog.getByLabel('配字位置').selectOption('top');
    await dialog.getByLabel('配字颜色').selectOption('yellow');
    await dialog.getByLabel(/示例表情任务号/).fill(state.succeeded.jobId);
    await dialog.getByRole('button', { name: '创建' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectText(page.locator('#tpl-title').locator('xpath=..').locator('.card').last(), /挥手拜拜[\s\S]*拜拜啦/, 'template card');
    await shot('06b-templates.png');
    const pub = await call(baseUrl, 'GET', '/api/v1/templates');
    const tpl = pub.body?.data?.find(t => t.title === '挥手拜拜');
    if (!tpl || !tpl.exampleGifUrl) throw new Error(`public templates: ${JSON.stringify(pub.body).slice(0, 300)}`);

    // the app, signed in as alice, at a phone viewport
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const app = await phone.newPage();
    try {
      await app.goto(`${baseUrl}/`);
      await app.evaluate(t => window.localStorage.setItem('bqgf_token', JSON.stringify({ data: t })), state.alice.token);
      await app.goto(`${baseUrl}/#/pages/home/index`);
      await app.reload();
      const item = app.locator(`[data-testid="template-item"][data-template="${tpl.id}"]`).filter({ visible: true });
      await item.waitFor({ state: 'visible', timeout: 20000 });
      await item.click();
      const form = app.locator('[data-testid="create-image-page"]').filter({ visible: true });
      await form.waitFor({ state: 'visible' });
      await app.waitForFunction(
        () => [...document.querySelectorAll('[data-testid="create-image-page"] textarea')].some(t => t.value === '开心地挥手说再见'),
        null,
        { timeout: 15000 },
      );
      const caption = await form.locator('[data-testid="image-caption"] input').inputValue();
      if (caption !== '拜拜啦') throw new Error(`caption on the create page: ${JSON.stringify(caption)}`);
      for (const id of ['image-caption-style-position-top', 'image-caption-style-color-yellow']) {
        const cls = await form.locator(`[data-testid="${id}"]`).getAttribute('class');
        if (!/is-active/.test(cls || '')) throw new Error(`${id} is not selected (${cls})`);
      }
      await app.screenshot({ path: path.join(shots, '06c-template-prefilled.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  await step('the ledger audit runs and shows the ledger is consistent', async () => {
    await nav('账本核对').click();
    await page.getByRole('button', { name: '运行账本核对' }).click();
    await expectText(page.locator('.alert'), /账本一致/, 'ledger audit');
    await shot('07-ledger-audit.png');
  });

  await step('the audit log lists the grant, the refund and the showcase change with who, what and why', async () => {
    await nav('操作记录').click();
    await page.getByRole('heading', { name: '操作记录' }).waitFor();
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    const text = await page.locator('tbody').innerText();
    for (const re of [/加入精选/, /标记失败并退回积分[\s\S]*供应商长时间无响应/, /发放积分[\s\S]*e2e 补偿/]) {
      if (!re.test(text)) throw new Error(`audit log misses ${re}: ${text.slice(0, 500)}`);
    }
    if (!text.includes(adminPhone)) throw new Error('audit log does not name the admin');
    await page.getByLabel('操作', { exact: true }).selectOption('credits.grant');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/action=credits\.grant/);
    await expectText(page.locator('tbody'), /发放积分/, 'filtered audit log');
    await shot('08-audit-log.png');
  });

  await step('the console reports API errors with the envelope message, and has no script errors', async () => {
    await page.goto(`${baseUrl}/admin#/users/999999999`);
    await expectText(page.locator('[role=alert]'), /用户不存在/, 'not found message');
    if (consoleErrors.length) throw new Error(`page errors: ${consoleErrors.join('\n')}`);
  });

  await context.close().catch(() => {});
  const passed = cases.filter(c => c.ok).length;
  return { passed, failed: cases.length - passed, cases };
}

module.exports = { runAdminE2e, adminAccount, ADMIN_PASSWORD: PASSWORD };

// ---------------------------------------------------------------- standalone runner
if (require.main === module) {
  const { spawn } = require('child_process');
  const net = require('net');
  const os = require('os');
  const root = path.resolve(__dirname, '..');
  const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const ADMIN = process.env.E2E_ADMIN_PHONE || '13900000001';
  let server = null;

  const freePort = () =>
    new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      });
    });
  const stop = () => {
    if (server && server.exitCode === null) server.kill('SIGTERM');
  };
  process.on('exit', stop);

  (async () => {
    require('../scripts/prepare').ensureBackendBuilt();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bq-admin-e2e-'));
    const dataDir = path.join(tmp, 'data');
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      NODE_ENV: '',
      MIDWAY_SERVER_ENV: 'local',
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      ADMIN_PHONES: ADMIN,
      SIM_DELAY_MS: '1500',
      DB_TYPE: 'sqlite',
      REDIS_URL: '',
      TRUST_PROXY: 'false',
    };
    for (const k of ['JWT_SECRET', 'APP_KEYS', 'CALLBACK_HMAC_SECRET', 'DB_NAME', 'DB_PATH']) delete env[k];
    const artifactsDir = path.join(root, 'test-artifacts', 'admin');
    fs.mkdirSync(artifactsDir, { recursive: true });
    const log = fs.createWriteStream(path.join(artifactsDir, 'server.log'));
    server = spawn(process.execPath, [path.join(root, 'backend', 'bootstrap.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.pipe(log);
    server.stderr.pipe(log);
    await waitFor(
      'the backend to answer /healthz',
      async () => {
        if (server.exitCode !== null) throw new Error(`the backend exited (${server.exitCode}); see test-artifacts/admin/server.log`);
        return fetch(`${baseUrl}/healthz`).then(
          r => r.ok,
          () => false,
        );
      },
      90000,
      300,
    );
    console.log(`[admin e2e] backend at ${baseUrl} (data in ${dataDir})`);
    const { chromium } = require('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    let result;
    try {
      const serverLog = () => fs.readFileSync(path.join(artifactsDir, 'server.log'), 'utf8');
      result = await runAdminE2e({ baseUrl, browser, artifactsDir, adminPhone: ADMIN, dbPath: path.join(dataDir, 'app.sqlite'), serverLog });
    } finally {
      await browser.close().catch(() => {});
      stop();
      await new Promise(r => (server.exitCode !== null ? r() : server.once('exit', r)));
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    fs.writeFileSync(path.join(artifactsDir, 'summary.json'), JSON.stringify(result, null, 2));
    console.log(`[admin e2e] ${result.passed} passed, ${result.failed} failed — screenshots in test-artifacts/admin/`);
    process.exit(result.failed ? 1 : 0);
  })().catch(e => {
    console.error('[admin e2e]', e);
    process.exit(1);
  });
}
