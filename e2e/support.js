// What every end-to-end suite shares: the phone viewport, test-id selectors, a JSON API client, assertions,
// a screenshots folder and the step recorder that turns each case into { name, ok, error?, ms }.
'use strict';
const fs = require('fs');
const path = require('path');

/** The browser context of a phone (iPhone 12-ish) in Chinese. */
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

/** The localStorage key under which the H5 app keeps its token. */
const TOKEN_KEY = 'bqgf_token';

const tid = id => `[data-testid="${id}"]`;

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** `api(method, path, token?, body?)`: JSON in, JSON out; throws with the status and body on anything but 2xx. */
function apiClient(baseUrl) {
  return async function api(method, p, token, body) {
    const res = await fetch(baseUrl + p, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${p} → HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** An empty folder `<artifactsDir>/<name>` for a suite's screenshots. */
function shotsFolder(artifactsDir, name) {
  const dir = path.join(artifactsDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Records cases. `step(name, fn)` runs fn, records the outcome, tells `report` (the runner's live output) and,
 * on failure, calls `onFailure(fileSafeName)` (a screenshot of the page as it was). Resolves to whether it passed.
 */
function caseRecorder({ report, onFailure } = {}) {
  const cases = [];
  async function step(name, fn) {
    const t0 = Date.now();
    let c;
    try {
      await fn();
      c = { name, ok: true, ms: Date.now() - t0 };
    } catch (e) {
      c = { name, ok: false, error: (e && e.message) || String(e), ms: Date.now() - t0 };
      if (onFailure) await Promise.resolve(onFailure(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`)).catch(() => {});
    }
    cases.push(c);
    if (report) report(c);
    return c.ok;
  }
  return { cases, step };
}

module.exports = { PHONE, TOKEN_KEY, tid, assert, apiClient, shotsFolder, caseRecorder };
