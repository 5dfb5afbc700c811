// Sticker packs in the H5 app at a phone viewport: an 8-sticker pack of a photo with two captions edited, the pack
// page filling in, the zip download and the 表情开放平台 export (report green, zip with every file).
// runPacksE2e({ baseUrl, browser, artifactsDir, adminPhone, adminPassword, report }) → { cases }
// Credits come from an admin grant (8 photo stickers cost more than the signup bonus).
'use strict';
const path = require('path');
const AdmZip = require('adm-zip');
const { makePng } = require('./app.e2e');

const PASSWORD = 'e2e-packs-88';
const PACK_TIMEOUT_MS = 240_000;
const { PHONE: PHONE_BASE, TOKEN_KEY, tid, assert, apiClient, shotsFolder, caseRecorder } = require('./support');

const PHONE = { ...PHONE_BASE, acceptDownloads: true };

async function runPacksE2e({ baseUrl, browser, artifactsDir, adminPhone, adminPassword, report }) {
  const shotsDir = shotsFolder(artifactsDir, 'packs');
  let shotNo = 0;
  let page = null;
  const api = apiClient(baseUrl);
  const { cases, step } = caseRecorder({ report, onFailure: name => page && shot(name) });

  async function signIn(phone, password) {
    await api('POST', '/api/v1/users/register', null, { phone, password }).catch(() => {});
    return (await api('POST', '/api/v1/users/login', null, { phone, password })).data.token;
  }

  async function shot(name) {
    shotNo += 1;
    await page.screenshot({ path: path.join(shotsDir, `${String(shotNo).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  const byId = id => page.locator(tid(id)).filter({ visible: true });

  /** Clicks a download button and returns the zip it saved. */
  async function downloadZip(testId) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), byId(testId).click()]);
    const file = path.join(shotsDir, download.suggestedFilename());
    await download.saveAs(file);
    return new AdmZip(file);
  }

  const phone = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  let token = '';
  let packId = '';

  await step('packs: an 8-sticker pack of a photo, two captions edited, the pack page fills in', async () => {
    token = await signIn(phone, PASSWORD);
    const admin = await signIn(adminPhone, adminPassword);
    const me = (await api('GET', '/api/v1/users/me', token)).data;
    await api('POST', `/api/v1/admin/users/${me.id}/grant`, admin, { amount: 200, reason: 'e2e 表情包' });
    const context = await browser.newContext(PHONE);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${baseUrl}/`);
    await page.evaluate(([k, v]) => window.localStorage.setItem(k, JSON.stringify({ data: v })), [TOKEN_KEY, token]);
    await page.goto(`${baseUrl}/#/pages/home/index`);
    await page.reload();
    await byId('entry-pack').click();
    await byId('create-pack-page').waitFor({ state: 'visible' });
    await page.locator(tid('pack-image-input')).setInputFiles({ name: 'face.png', mimeType: 'image/png', buffer: makePng(640, 480) });
    await page.waitForSelector(`${tid('pack-image-status')}[data-phase="done"]:visible`, { timeout: 30_000 });
    await page.waitForFunction(sel => document.querySelectorAll(sel).length === 8, `${tid('pack-captions')} input`);
    await page
      .locator(`${tid('pack-caption-0')} input, input${tid('pack-caption-0')}`)
      .first()
      .fill('超开心');
    await page
      .locator(`${tid('pack-caption-1')} input, input${tid('pack-caption-1')}`)
      .first()
      .fill('好难过呀');
    await page.waitForFunction(sel => /180/.test(document.querySelector(sel)?.textContent || ''), tid('pack-quote'));
    assert((await byId('price-value').innerText()).trim() === '180', 'the price shown before paying is the discounted total');
    await shot('create-pack-filled');
    await byId('create-submit').click();
    await byId('pack-page').waitFor({ state: 'visible' });
    packId = new URL(page.url().replace('#', '')).searchParams.get('packId');
    assert(packId && packId.startsWith('pack_'), `pack page URL has no packId: ${page.url()}`);
    await shot('pack-filling-in');
    await page.waitForSelector(`${tid('pack-page')}[data-status="DONE"]:visible`, { timeout: PACK_TIMEOUT_MS });
    const states = await page.locator(`${tid('pack-sticker')}:visible`).evaluateAll(els => els.map(e => e.getAttribute('data-status')));
    assert(states.length === 8 && states.every(s => s === 'SUCCEEDED'), `sticker states: ${states.join(',')}`);
    await shot('pack-done');
    const pack = (await api('GET', `/api/v1/packs/${packId}`, token)).data;
    assert(pack.stickers[0].caption === '超开心' && pack.stickers[1].caption === '好难过呀', `captions: ${pack.stickers.map(s => s.caption).join(',')}`);
    const credits = (await api('GET', '/api/v1/credits', token)).data;
    assert(credits.available === 100 + 200 - 180 && credits.frozen === 0, `credits after the pack: ${JSON.stringify(credits)}`);
  });

  await step('packs: download all as a zip (8 GIFs)', async () => {
    assert(packId, 'no pack from the previous case');
    const zip = await downloadZip('pack-download');
    const names = zip.getEntries().map(e => e.entryName);
    assert(names.length === 8 && names.every(n => n.endsWith('.gif')), `zip entries: ${names.join(', ')}`);
    assert(zip.getEntries()[0].getData().subarray(0, 6).toString('latin1') === 'GIF89a', 'first zip entry is not a GIF');
  });

  await step('packs: the 表情开放平台 export report is green, and its zip has every file', async () => {
    assert(packId, 'no pack from the first case');
    await byId('pack-export-check').click();
    await page.waitForSelector(`${tid('pack-report')}:visible`, { timeout: 120_000 });
    assert((await byId('pack-report').getAttribute('data-ok')) === 'true', `report: ${await byId('pack-report').innerText()}`);
    await shot('export-report');
    const zip = await downloadZip('pack-export-download');
    const names = zip.getEntries().map(e => e.entryName);
    for (const want of ['main/01.gif', 'main/08.gif', 'thumb/08.png', 'cover.png', 'icon.png', 'banner.png', '含义词.txt']) {
      assert(names.includes(want), `export zip lacks ${want}: ${names.join(', ')}`);
    }
    await page.goto(`${baseUrl}/#/pages/packs/index`);
    await page.waitForSelector(`${tid('packs-row')}[data-pack-id="${packId}"]:visible`);
    await shot('my-packs');
  });

  if (page)
    await page
      .context()
      .close()
      .catch(() => {});
  return { cases };
}

module.exports = { runPacksE2e };
