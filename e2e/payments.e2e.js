// Buying credits in the H5 app by WeChat Pay Native QR code, run by the payment simulator (issue 12), against the real backend.
// runPaymentsE2e({ baseUrl, browser, artifactsDir, report, adminPhone? }) → { cases }. Screenshots: <artifactsDir>/payments/.
'use strict';
const path = require('path');

const { PHONE, TOKEN_KEY, tid, assert, apiClient, shotsFolder, caseRecorder } = require('./support');

async function runPaymentsE2e({ baseUrl, browser, artifactsDir, report, adminPhone }) {
  const shotsDir = shotsFolder(artifactsDir, 'payments');
  let shotNo = 0;
  let page = null;
  const byId = (p, id) => p.locator(tid(id)).filter({ visible: true });

  const api = apiClient(baseUrl);
  const { cases, step } = caseRecorder({ report, onFailure: name => page && shot(name) });

  async function shot(name) {
    shotNo += 1;
    await page.waitForTimeout(300); // page slide-in
    await page.screenshot({ path: path.join(shotsDir, `${String(shotNo).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  await step('a new user buys 体验包 by WeChat Pay Native QR (payment simulator) and sees 100 more credits and the order', async () => {
    const phone = '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    await api('POST', '/api/v1/users/register', null, { phone, password: 'e2e-secret-88' });
    const token = (await api('POST', '/api/v1/users/login', null, { phone, password: 'e2e-secret-88' })).data.token;
    const before = (await api('GET', '/api/v1/credits', token)).data.available;
    page = await (await browser.newContext(PHONE)).newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${baseUrl}/`);
    await page.evaluate(([k, v]) => window.localStorage.setItem(k, JSON.stringify({ data: v })), [TOKEN_KEY, token]);
    await page.goto(`${baseUrl}/#/pages/home/index`);
    await page.reload();
    // the home balance leads to the recharge page
    await byId(page, 'home-balance').click();
    await byId(page, 'recharge-page').waitFor({ state: 'visible' });
    await byId(page, 'recharge-simulated').waitFor({ state: 'visible' });
    await byId(page, 'recharge-package-pkg_100').click();
    await shot('recharge-packages');
    await byId(page, 'recharge-pay').click();
    // WeChat Pay Native (run by the payment simulator): the code_url as a QR code, and the simulator's scan link
    await byId(page, 'recharge-qr').waitFor({ state: 'visible' });
    const qrSrc = await byId(page, 'recharge-qr').locator('img').first().getAttribute('src');
    assert(qrSrc && qrSrc.startsWith('data:image/png;base64,'), `the QR code is not a PNG image: ${String(qrSrc).slice(0, 40)}`);
    await shot('recharge-native-qr');
    // "scanning": the simulator's pay page opens in a new tab, marked as simulated
    const [payTab] = await Promise.all([page.context().waitForEvent('page'), byId(page, 'recharge-qr-scan').click()]);
    await payTab.waitForSelector('#pay');
    assert((await payTab.content()).includes('模拟支付'), 'the scan page does not say it is simulated');
    assert((await payTab.content()).includes('¥9.90'), 'the scan page does not show ¥9.90');
    await payTab.screenshot({ path: path.join(shotsDir, 'native-scan-page.png') });
    await payTab.click('#pay');
    await payTab.waitForSelector('text=支付成功');
    await payTab.close();
    // back in the app: the page waits for delivery, then shows it
    await page.waitForSelector(`${tid('recharge-status')}[data-state="delivered"]`, { state: 'visible', timeout: 30_000 });
    const title = await byId(page, 'recharge-status-title').innerText();
    assert(title.includes('100'), `result says "${title}"`);
    await page.waitForFunction(
      ([sel, want]) => [...document.querySelectorAll(sel)].some(e => e.textContent.trim() === want),
      [tid('recharge-balance'), String(before + 100)],
    );
    await page.waitForSelector(`${tid('order-row')}[data-status="DELIVERED"]`, { state: 'visible' });
    await shot('recharge-delivered');
    const after = (await api('GET', '/api/v1/credits', token)).data.available;
    assert(after === before + 100, `credits ${before} → ${after}, expected +100`);
    const orders = (await api('GET', '/api/v1/orders', token)).data.items;
    assert(
      orders.length === 1 &&
        orders[0].status === 'DELIVERED' &&
        orders[0].packageName === '体验包' &&
        orders[0].channel === 'wechatpay_native' &&
        orders[0].simulated,
      `orders: ${JSON.stringify(orders)}`,
    );
  });

  // the admin console: the order in 订单, its notification history, a refund (the credits are unspent)
  if (adminPhone) {
    await step('the admin sees the order with its notification history and refunds it', async () => {
      const password = 'e2e-secret-123'; // the admin suite's password for the same account (e2e/admin.e2e.js)
      await api('POST', '/api/v1/users/register', null, { phone: adminPhone, password }).catch(() => {});
      const admin = (await api('POST', '/api/v1/users/login', null, { phone: adminPhone, password })).data.token;
      const order = (await api('GET', '/api/v1/admin/orders?status=DELIVERED&channel=wechatpay_native', admin)).data.items[0];
      assert(order, 'no delivered order in the admin list');
      if (page)
        await page
          .context()
          .close()
          .catch(() => {});
      page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' })).newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${baseUrl}/admin/#/orders`);
      await page.fill('#login-phone', adminPhone);
      await page.fill('#login-password', password);
      await page.click('form button[type="submit"]');
      await page.waitForSelector(`a[href="#/orders/${order.outTradeNo}"]`);
      await shot('admin-orders');
      await page.click(`a[href="#/orders/${order.outTradeNo}"]`);
      await page.waitForSelector('text=通知与处理记录');
      await page.click(tid('order-refund'));
      await page.fill('#dlg-reason', 'e2e：用户申请退款');
      await page.locator('dialog button[type="submit"], dialog .btn-danger').last().click();
      await page.waitForFunction(() => document.body.innerText.includes('已退款'));
      await shot('admin-order-refunded');
      const after = (await api('GET', `/api/v1/admin/orders/${order.outTradeNo}`, admin)).data;
      assert(after.status === 'REFUNDED' && after.refundedCredits === 100, `after refund: ${after.status} ${after.refundedCredits}`);
    });
  }

  if (page)
    await page
      .context()
      .close()
      .catch(() => {});
  return { cases };
}

module.exports = { runPaymentsE2e };
