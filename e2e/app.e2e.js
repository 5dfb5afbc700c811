// The H5 app at a phone viewport against the real backend (embedded defaults, provider simulator).
// runAppE2e({ baseUrl, browser, artifactsDir, serverLog?, report? }) → { cases }
// Screenshots: <artifactsDir>/app/NN-name.png. Hooks: miniprogram/README.md ("Test hooks").
'use strict';
const path = require('path');
const zlib = require('zlib');

const WEB_SEARCH_NOTICE = '目前联网生成是根据角色，通过联网，用文本描述样貌之后进行生成。效果远不及图生表情。建议通过图生表情';
const PASSWORD = 'e2e-secret-88';
const GENERATION_TIMEOUT_MS = 120_000;
const { PHONE, TOKEN_KEY, tid, assert, apiClient, shotsFolder, caseRecorder } = require('./support');

function randomPhone(prefix) {
  return prefix + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

function eq(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// ---- a real PNG, no dependencies: a face-ish picture so the image looks like a photo in screenshots ----
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function makePng(w, h) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  const cx = w / 2;
  const cy = h / 2;
  const r = Math.min(w, h) * 0.35;
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < w; x++) {
      let rgb = [90 + Math.round((120 * y) / h), 160, 230 - Math.round((100 * x) / w)]; // background gradient
      const d = Math.hypot(x - cx, y - cy);
      if (d < r) rgb = [255, 205, 120]; // face
      if (Math.hypot(x - (cx - r * 0.38), y - (cy - r * 0.25)) < r * 0.1) rgb = [40, 40, 40]; // eyes
      if (Math.hypot(x - (cx + r * 0.38), y - (cy - r * 0.25)) < r * 0.1) rgb = [40, 40, 40];
      if (Math.abs(Math.hypot(x - cx, y - cy) - r * 0.55) < r * 0.05 && y > cy + r * 0.1) rgb = [200, 60, 60]; // smile
      raw[row + 1 + x * 3] = rgb[0];
      raw[row + 2 + x * 3] = rgb[1];
      raw[row + 3 + x * 3] = rgb[2];
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function runAppE2e({ baseUrl, browser, artifactsDir, serverLog, report }) {
  const shotsDir = shotsFolder(artifactsDir, 'app');
  let shotNo = 0;
  const consoleErrors = [];

  const api = apiClient(baseUrl);
  // on failure, a picture of the page as it was
  const { cases, step } = caseRecorder({ report, onFailure: name => current && shot(current, name) });

  /** Let page transitions finish (Taro H5 slides pages in); endless animations (a pulse) are ignored. */
  async function settle(page) {
    await page
      .waitForFunction(() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming?.().iterations === Infinity), null, {
        timeout: 3000,
      })
      .catch(() => {});
  }

  /** A screenshot of the whole page: Taro H5 scrolls inside the page element, so the viewport grows for it. */
  async function shot(page, name) {
    await settle(page);
    shotNo += 1;
    const file = path.join(shotsDir, `${String(shotNo).padStart(2, '0')}-${name}.png`);
    const height = await page
      .evaluate(() => {
        const els = [document.scrollingElement, ...document.querySelectorAll('.taro_page, .taro_router > div')];
        return Math.max(...els.filter(el => (el && el.offsetParent !== null) || el === document.scrollingElement).map(el => el.scrollHeight));
      })
      .catch(() => 0);
    const vp = page.viewportSize();
    const tall = vp && height > vp.height + 8;
    if (tall) await page.setViewportSize({ width: vp.width, height: Math.min(height, 3000) });
    try {
      await page.screenshot({ path: file, fullPage: true });
    } finally {
      if (tall) await page.setViewportSize(vp);
    }
    return file;
  }

  async function newPage() {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', e => consoleErrors.push(`pageerror: ${e.message}`));
    return page;
  }

  /** The token the app keeps (Taro H5 storage: localStorage, JSON `{data}`). */
  async function tokenOf(page) {
    const raw = await page.evaluate(k => window.localStorage.getItem(k) || window.sessionStorage.getItem(k), TOKEN_KEY);
    if (!raw) return '';
    try {
      const v = JSON.parse(raw);
      return typeof v === 'string' ? v : v && typeof v.data === 'string' ? v.data : '';
    } catch {
      return raw;
    }
  }

  async function available(token) {
    return (await api('GET', '/api/v1/credits', token)).data.available;
  }

  // Taro H5 keeps earlier pages of the stack in the DOM (hidden): only the visible one counts
  const byId = (page, id) => page.locator(tid(id)).filter({ visible: true });
  const fillIn = (page, id, tag, value) =>
    page
      .locator(`${tid(id)} ${tag}`)
      .filter({ visible: true })
      .fill(value);

  /** After the login tap: home with a balance, or fail at once with the error the form shows. */
  async function waitSignedIn(page) {
    await page.waitForSelector(`${tid('home-balance-value')}:visible, ${tid('login-error')}:visible`);
    if (
      await byId(page, 'login-error')
        .isVisible()
        .catch(() => false)
    ) {
      throw new Error(`login form says: ${(await byId(page, 'login-error').innerText()).trim()}`);
    }
  }

  const TAB_ROUTES = { 首页: 'pages/home/index', 我的表情: 'pages/stickers/index', 我的: 'pages/me/index' };

  /** Go to a tab page the way a user would: the tab bar, or from a result page its "查看我的全部表情" link. */
  async function openTab(page, label, testId) {
    // Taro H5 tab bar: .weui-tabbar__item > .weui-tabbar__label ("我的" is also a substring of "我的表情")
    const item = page
      .locator('.weui-tabbar__item')
      .filter({ has: page.getByText(label, { exact: true }) })
      .first();
    if (!(await item.isVisible()) && (await byId(page, 'result-mine').isVisible())) {
      await byId(page, 'result-mine').click();
      await byId(page, 'stickers-page').first().waitFor({ state: 'visible' });
    }
    if (await item.isVisible().catch(() => false)) await item.click();
    else await page.goto(`${baseUrl}/#/${TAB_ROUTES[label]}`); // a page without the tab bar and no link out
    await byId(page, testId).first().waitFor({ state: 'visible' });
  }

  /** After the submit tap: the generating page, then the result page in a final state. Returns the job id. */
  async function followGeneration(page, label) {
    await byId(page, 'generating-page').waitFor({ state: 'visible' });
    await byId(page, 'generating-phase').waitFor({ state: 'visible' });
    await byId(page, 'generating-stages').waitFor({ state: 'visible' });
    await shot(page, `${label}-generating`);
    const jobId = new URL(page.url().replace('#', '')).searchParams.get('jobId');
    assert(jobId && jobId.startsWith('job_'), `generating page URL has no jobId: ${page.url()}`);
    await page.waitForSelector(`${tid('result-page')}[data-status="SUCCEEDED"]:visible, ${tid('result-page')}[data-status="FAILED"]:visible`, {
      timeout: GENERATION_TIMEOUT_MS,
    });
    return jobId;
  }

  /** The result GIF is an <img> that loaded, and its URL serves a real GIF. */
  async function checkResultGif(page, label) {
    const img = page.locator(`${tid('result-gif')} img`).filter({ visible: true });
    await img.waitFor({ state: 'attached' });
    await page.waitForFunction(el => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 20_000 });
    const { src, w, h } = await img.evaluate(el => ({ src: el.currentSrc || el.src, w: el.naturalWidth, h: el.naturalHeight }));
    assert(w > 0 && h > 0, `result GIF did not load (${src})`);
    const res = await fetch(new URL(src, baseUrl));
    eq(res.status, 200, `GET ${src} status`);
    assert(/^image\/gif/.test(res.headers.get('content-type') || ''), `GET ${src} content-type is ${res.headers.get('content-type')}`);
    const head = Buffer.from(await res.arrayBuffer())
      .subarray(0, 6)
      .toString('latin1');
    eq(head, 'GIF89a', `${src} first bytes`);
    await page.waitForTimeout(300); // the first frames painted
    await shot(page, `${label}-result`);
    return { src, w, h };
  }

  let current = null; // the page a failing case screenshots
  let meta = null;
  const phone = randomPhone('137');
  const jobs = {}; // label → jobId
  let page = null;
  let token = '';

  /** Later cases need a signed-in page even when the login case failed: sign in through the API then. */
  async function ensureSignedIn() {
    if (page && token) return;
    if (!page) page = await newPage();
    current = page;
    await api('POST', '/api/v1/users/register', null, { phone, password: PASSWORD }).catch(() => {});
    const login = await api('POST', '/api/v1/users/login', null, { phone, password: PASSWORD });
    token = login.data.token;
    await page.goto(`${baseUrl}/`);
    await page.evaluate(([k, v]) => window.localStorage.setItem(k, JSON.stringify({ data: v })), [TOKEN_KEY, token]);
    await page.goto(`${baseUrl}/#/pages/home/index`);
    await page.reload();
  }

  meta = (await api('GET', '/api/v1/meta')).data;
  const prices = meta.prices;

  // 1 ─ register + log in with phone and password (seed 001 rules)
  await step('register and log in with phone + password (seed 001 rules)', async () => {
    page = await newPage();
    current = page;
    await page.goto(`${baseUrl}/`);
    await byId(page, 'home-page').waitFor({ state: 'visible' });
    await byId(page, 'home-login').waitFor({ state: 'visible' });
    await shot(page, 'home-signed-out');
    await byId(page, 'home-login').click();
    await byId(page, 'login-page').waitFor({ state: 'visible' });
    if (meta.signupBonus > 0)
      assert((await byId(page, 'login-bonus').innerText()).includes(String(meta.signupBonus)), 'login page does not show the signup bonus');
    await shot(page, 'login-sms-tab');
    await byId(page, 'login-tab-password').click();
    await byId(page, 'login-mode-register').click();
    // seed 001: 11-digit mainland number, password ≥ 8 — the form says so before sending anything
    await fillIn(page, 'login-phone', 'input', '12345');
    await fillIn(page, 'login-password', 'input', 'short');
    await byId(page, 'login-submit').click();
    await byId(page, 'login-phone-field-error').waitFor({ state: 'visible' });
    await byId(page, 'login-password-field-error').waitFor({ state: 'visible' });
    // nothing is sent before the user agrees to the terms and the privacy policy (issue 16)
    assert((await byId(page, 'consent-error').innerText()).includes('隐私政策'), 'login without consent is not refused');
    await shot(page, 'register-invalid');
    await byId(page, 'consent-privacy').click();
    await byId(page, 'legal-page').waitFor({ state: 'visible' });
    assert((await byId(page, 'legal-title').innerText()).includes('隐私政策'), 'privacy policy page');
    await shot(page, 'privacy-policy');
    await page.goBack();
    await byId(page, 'login-page').waitFor({ state: 'visible' });
    if (!(await byId(page, 'login-password').isVisible())) {
      await byId(page, 'login-tab-password').click();
      await byId(page, 'login-mode-register').click();
    }
    await byId(page, 'consent-check').click();
    await fillIn(page, 'login-phone', 'input', phone);
    await fillIn(page, 'login-password', 'input', PASSWORD);
    await shot(page, 'register-filled');
    await byId(page, 'login-submit').click();
    await waitSignedIn(page);
    token = await tokenOf(page);
    assert(token, `no token in storage "${TOKEN_KEY}" after login`);
    eq(await available(token), meta.signupBonus, 'credits of a new account');
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.textContent?.trim() === want,
      [tid('home-balance-value'), String(meta.signupBonus)],
    );
    await shot(page, 'home-signed-in');
    // the registered phone logs in again with the same password (seed 001 login → token)
    const again = await api('POST', '/api/v1/users/login', null, { phone, password: PASSWORD });
    eq(again.code, 0, 'seed 001 login code');
  });

  // 2 ─ text sticker
  await step(`text sticker: generating → result GIF, balance down by ${prices.text}`, async () => {
    await ensureSignedIn();
    await openTab(page, '首页', 'home-page');
    const before = await available(token);
    await byId(page, 'entry-text').click();
    await byId(page, 'create-text-page').waitFor({ state: 'visible' });
    await fillIn(page, 'text-prompt', 'textarea', '一只橘猫捂着脸偷笑，可爱卡通风格');
    await fillIn(page, 'text-caption', 'input', '好的收到');
    eq((await byId(page, 'price-value').innerText()).replace(/\D/g, ''), String(prices.text), 'price shown on the text page');
    await shot(page, 'text-form');
    await byId(page, 'create-submit').click();
    jobs.text = await followGeneration(page, 'text');
    eq(await byId(page, 'result-page').getAttribute('data-status'), 'SUCCEEDED', 'text sticker status');
    await checkResultGif(page, 'text');
    eq(await available(token), before - prices.text, 'available credits after a text sticker');
    await openTab(page, '我的', 'me-page');
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.textContent?.replace(/\D/g, '') === want,
      [tid('me-balance'), String(before - prices.text)],
    );
    await byId(page, 'ledger-row').first().waitFor({ state: 'visible' });
    await shot(page, 'me-after-text');
  });

  // 2b ─ free re-caption of the finished text sticker: new GIF URL, same balance
  await step('re-caption a finished sticker for free (new caption, top, yellow)', async () => {
    await ensureSignedIn();
    assert(jobs.text, 'no finished text sticker from the case before');
    await page.goto(`${baseUrl}/#/pages/result/index?jobId=${jobs.text}`);
    await byId(page, 'result-recaption').waitFor({ state: 'visible' });
    const before = await available(token);
    const oldSrc = (await api('GET', `/api/v1/stickers/${jobs.text}`, token)).data.gifUrl;
    await byId(page, 'result-recaption').click();
    await byId(page, 'recaption-card').waitFor({ state: 'visible' });
    eq(
      await page
        .locator(`${tid('recaption-input')} input`)
        .filter({ visible: true })
        .inputValue(),
      '好的收到',
      'current caption in the editor',
    );
    await fillIn(page, 'recaption-input', 'input', '我真的会谢谢你全家人啊');
    await byId(page, 'recaption-style-position-top').click();
    await byId(page, 'recaption-style-color-yellow').click();
    await shot(page, 'recaption-form');
    await byId(page, 'recaption-submit').click();
    await byId(page, 'recaption-card').waitFor({ state: 'hidden', timeout: 60_000 });
    const after = (await api('GET', `/api/v1/stickers/${jobs.text}`, token)).data;
    eq(after.caption, '我真的会谢谢你全家人啊', 'caption after re-caption');
    eq(JSON.stringify(after.captionStyle), JSON.stringify({ position: 'top', color: 'yellow' }), 'style after re-caption');
    assert(after.gifUrl !== oldSrc, 'the re-captioned GIF has a new URL');
    const { src } = await checkResultGif(page, 'recaptioned');
    eq(new URL(src, baseUrl).pathname, new URL(after.gifUrl, baseUrl).pathname, 'the page shows the new GIF');
    eq(await available(token), before, 'credits after a free re-caption');
  });

  // 3 ─ image sticker with a real PNG upload
  await step('image sticker: upload a PNG → result GIF', async () => {
    await ensureSignedIn();
    await openTab(page, '首页', 'home-page');
    const before = await available(token);
    await byId(page, 'entry-image').click();
    await byId(page, 'create-image-page').waitFor({ state: 'visible' });
    await shot(page, 'image-form-empty');
    // a too-small photo: the reason shows next to the photo as soon as it is known, without pressing 生成
    await byId(page, 'create-image-page')
      .locator(tid('image-file-input'))
      .setInputFiles({ name: 'tiny.png', mimeType: 'image/png', buffer: makePng(200, 150) });
    await byId(page, 'image-field-error').waitFor({ state: 'visible', timeout: 30_000 });
    const tooSmall = (await byId(page, 'image-field-error').innerText()).trim();
    assert(tooSmall.includes('360'), `the photo field says "${tooSmall}", not the minimum size`);
    await shot(page, 'image-too-small');
    await byId(page, 'create-image-page')
      .locator(tid('image-file-input'))
      .setInputFiles({ name: 'face.png', mimeType: 'image/png', buffer: makePng(480, 480) });
    await byId(page, 'image-field-error').waitFor({ state: 'hidden' }); // the new photo replaced the refused one
    await page.waitForSelector(`${tid('image-upload-status')}[data-phase="done"]:visible, ${tid('image-upload-status')}[data-phase="error"]:visible`, {
      timeout: 30_000,
    });
    const phase = await byId(page, 'image-upload-status').getAttribute('data-phase');
    eq(phase, 'done', `upload status (${await byId(page, 'image-upload-status').innerText()})`);
    await page
      .locator(`${tid('image-preview')} img`)
      .filter({ visible: true })
      .waitFor({ state: 'visible' });
    await fillIn(page, 'image-prompt', 'textarea', '眨眨眼微笑');
    await fillIn(page, 'image-caption', 'input', '嘿嘿');
    await shot(page, 'image-form-filled');
    await byId(page, 'create-submit').click();
    jobs.image = await followGeneration(page, 'image');
    eq(await byId(page, 'result-page').getAttribute('data-status'), 'SUCCEEDED', 'image sticker status');
    await checkResultGif(page, 'image');
    eq(await available(token), before - prices.image, 'available credits after an image sticker');
  });

  // 4 ─ web search: the seed 001 notice, verbatim, above the form
  await step('web-search: exact notice above the form, sticker succeeds', async () => {
    await ensureSignedIn();
    await openTab(page, '首页', 'home-page');
    const before = await available(token);
    await byId(page, 'entry-web').click();
    await byId(page, 'create-web-page').waitFor({ state: 'visible' });
    const notice = byId(page, 'web-search-notice');
    await notice.waitFor({ state: 'visible' });
    eq((await notice.locator('.notice__text').innerText()).trim(), WEB_SEARCH_NOTICE, 'web-search notice');
    const noticeText = (await notice.innerText()).replace(/\s+/g, '');
    assert(noticeText.endsWith(WEB_SEARCH_NOTICE), `notice block has other text: ${noticeText}`);
    await settle(page);
    const nBox = await notice.boundingBox();
    const fBox = await byId(page, 'web-role').boundingBox();
    assert(nBox && fBox && nBox.y + nBox.height <= fBox.y, 'the notice is not above the form');
    assert(nBox.x >= 0 && nBox.x + nBox.width <= PHONE.viewport.width + 1, 'the notice is wider than the phone screen');
    await shot(page, 'web-form-notice');
    await fillIn(page, 'web-role', 'input', '孙悟空');
    await fillIn(page, 'web-source', 'input', '西游记');
    await fillIn(page, 'web-action', 'input', '正在跳舞');
    await shot(page, 'web-form-filled');
    await byId(page, 'create-submit').click();
    jobs.web = await followGeneration(page, 'web');
    eq(await byId(page, 'result-page').getAttribute('data-status'), 'SUCCEEDED', 'web-search sticker status');
    await checkResultGif(page, 'web');
    eq(await available(token), before - prices.web_search, 'available credits after a web-search sticker');
  });

  // 5 ─ a provider failure: reason in Chinese, credits returned
  await step('provider failure: Chinese reason, "credits returned" line, balance restored', async () => {
    await ensureSignedIn();
    await openTab(page, '首页', 'home-page');
    const before = await available(token);
    await byId(page, 'entry-text').click();
    await byId(page, 'create-text-page').waitFor({ state: 'visible' });
    await fillIn(page, 'text-prompt', 'textarea', '一只摔倒的小狗 [sim:fail]');
    await byId(page, 'create-submit').click();
    jobs.failed = await followGeneration(page, 'failure');
    eq(await byId(page, 'result-page').getAttribute('data-status'), 'FAILED', 'forced failure status');
    await byId(page, 'result-failed').waitFor({ state: 'visible' });
    const reason = (await byId(page, 'result-reason').innerText()).trim();
    assert(/[\u4e00-\u9fff]/.test(reason), `failure reason is not Chinese: "${reason}"`);
    assert(!/[A-Za-z]{3,}|\bsim\b|Error|undefined|null/.test(reason), `failure reason shows code or English: "${reason}"`);
    const refund = (await byId(page, 'result-refund').innerText()).trim();
    assert(/积分.*(退回|返还|退还)/.test(refund), `refund line says "${refund}"`);
    await byId(page, 'result-retry').waitFor({ state: 'visible' });
    await shot(page, 'failure-result');
    eq(await available(token), before, 'available credits after a failed sticker');
    await openTab(page, '我的', 'me-page');
    await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent?.replace(/\D/g, '') === want, [tid('me-balance'), String(before)]);
    await shot(page, 'me-after-failure');
  });

  // 6 ─ history lists every sticker with a status badge
  await step('my stickers: every sticker listed with its status badge', async () => {
    await ensureSignedIn();
    await openTab(page, '我的表情', 'stickers-page');
    const expected = Object.entries(jobs);
    assert(expected.length > 0, 'no sticker was made by the earlier cases');
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, [tid('sticker-card'), expected.length]);
    const cards = await page.$$eval(tid('sticker-card'), els =>
      els.map(el => ({
        jobId: el.getAttribute('data-job-id'),
        status: el.getAttribute('data-status'),
        badge: el.querySelector('[data-testid="status-badge"]')?.getAttribute('data-status') || null,
        badgeText: el.querySelector('[data-testid="status-badge"]')?.textContent?.trim() || '',
      })),
    );
    for (const [label, jobId] of expected) {
      const card = cards.find(c => c.jobId === jobId);
      assert(card, `${label} sticker ${jobId} is not in the list (${cards.map(c => c.jobId).join(', ')})`);
      const want = label === 'failed' ? 'FAILED' : 'SUCCEEDED';
      eq(card.status, want, `${label} card status`);
      eq(card.badge, want, `${label} card badge`);
      assert(/[\u4e00-\u9fff]/.test(card.badgeText), `${label} badge text is not Chinese: "${card.badgeText}"`);
    }
    await page.waitForTimeout(500); // thumbnails
    await shot(page, 'my-stickers');
  });

  // 6b ─ privacy (issue 16): the owner's 允许展示 switch, then 注销账号 with files and token gone
  await step('privacy: 允许展示 switch on the result page, then 注销账号 from 我的', async () => {
    const who = randomPhone('136');
    await api('POST', '/api/v1/users/register', null, { phone: who, password: PASSWORD });
    const t = (await api('POST', '/api/v1/users/login', null, { phone: who, password: PASSWORD })).data.token;
    const made = (await api('POST', '/api/v1/stickers', t, { kind: 'text', prompt: '一只挥手的企鹅' })).data;
    let done = null;
    for (let i = 0; i < 150 && !done; i++) {
      const s = (await api('GET', `/api/v1/stickers/${made.jobId}`, t)).data;
      if (s.status === 'SUCCEEDED') done = s;
      else await new Promise(r => setTimeout(r, 200));
    }
    assert(done, 'the sticker for the privacy case did not finish');
    const p = await newPage();
    current = p;
    await p.goto(`${baseUrl}/`);
    await p.evaluate(([k, v]) => window.localStorage.setItem(k, JSON.stringify({ data: v })), [TOKEN_KEY, t]);
    await p.goto(`${baseUrl}/#/pages/result/index?jobId=${made.jobId}`);
    await byId(p, 'result-showcase').waitFor({ state: 'visible' });
    await byId(p, 'result-balance').waitFor({ state: 'visible' });
    await shot(p, 'result-showcase-switch');
    await p
      .locator(`${tid('result-showcase-switch')} input, ${tid('result-showcase-switch')}`)
      .first()
      .click();
    for (let i = 0; i < 50; i++) {
      if ((await api('GET', `/api/v1/stickers/${made.jobId}`, t)).data.showcaseAllowed === false) break;
      await p.waitForTimeout(100);
    }
    eq((await api('GET', `/api/v1/stickers/${made.jobId}`, t)).data.showcaseAllowed, false, 'showcase permission after switching it off');

    // an unknown sticker id: a way home on the page, and H5's own bar (返回 / 首页) on every non-tab page
    await p.goto(`${baseUrl}/#/pages/result/index?jobId=job_000000000000000000000000`);
    await byId(p, 'result-error').waitFor({ state: 'visible' });
    await p.locator('.taro-navigation-bar-show').first().waitFor({ state: 'visible' });
    await shot(p, 'unknown-sticker');
    await byId(p, 'result-home').click();
    await byId(p, 'home-page').waitFor({ state: 'visible' });

    await p.goto(`${baseUrl}/#/pages/me/index`);
    await byId(p, 'me-delete-account').waitFor({ state: 'visible' });
    await byId(p, 'me-delete-account').click();
    await p.locator('.taro-model__confirm').click();
    await p.waitForTimeout(400);
    await p.locator('.taro-model__confirm:visible').click();
    await byId(p, 'login-reason').waitFor({ state: 'visible' });
    assert((await byId(p, 'login-reason').innerText()).includes('账号已注销'), 'login page does not say the account was deleted');
    await shot(p, 'account-deleted');
    eq((await fetch(`${baseUrl}/api/v1/users/me`, { headers: { authorization: `Bearer ${t}` } })).status, 401, 'old token after account deletion');
    await p.context().close();
  });

  // 7 ─ SMS code login: without SMS configuration the backend logs the code
  await step('SMS code login (code read from the backend log)', async () => {
    assert(typeof serverLog === 'function', 'no server log reader was passed in');
    const smsPhone = randomPhone('135');
    const p = await newPage();
    current = p;
    await p.goto(`${baseUrl}/#/pages/login/index`);
    await byId(p, 'login-page').waitFor({ state: 'visible' });
    await byId(p, 'login-tab-sms').click();
    await fillIn(p, 'login-phone', 'input', smsPhone);
    await byId(p, 'consent-check').click();
    const mark = serverLog().length;
    await byId(p, 'login-send-code').click();
    const re = new RegExp(`login code for ${smsPhone} is (\\d{6})`);
    let code = null;
    for (let i = 0; i < 50 && !code; i++) {
      const m = re.exec(serverLog().slice(mark));
      if (m) code = m[1];
      else await p.waitForTimeout(200);
    }
    assert(code, `no "login code for ${smsPhone} is ……" line in the backend output`);
    await p.waitForFunction(sel => /\d+\s*s|秒/.test(document.querySelector(sel)?.textContent || ''), tid('login-send-code'));
    await fillIn(p, 'login-code', 'input', code);
    await shot(p, 'sms-login-filled');
    await byId(p, 'login-submit').click();
    await waitSignedIn(p);
    const t = await tokenOf(p);
    assert(t, 'no token after SMS login');
    const me = (await api('GET', '/api/v1/users/me', t)).data;
    assert(String(me.phone).slice(-4) === smsPhone.slice(-4), `signed in as ${me.phone}, wanted ${smsPhone}`);
    eq(await available(t), meta.signupBonus, 'credits of an account created by SMS login');
    await shot(p, 'sms-login-home');
    await p.context().close();
  });

  if (page)
    await page
      .context()
      .close()
      .catch(() => {});
  if (consoleErrors.length) console.log(`[e2e] page errors seen:\n  ${consoleErrors.slice(0, 10).join('\n  ')}`);
  return { cases };
}

module.exports = { runAppE2e, makePng };
