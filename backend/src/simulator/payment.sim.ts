/**
 * The payment simulator: a node:http server standing in for the money side when no merchant keys are set
 * (the offline default of `npm start`, and the tests). It speaks the `simulator` channel's protocol
 * (src/payment/simulator.ts): orders are registered, paid or cancelled on a pay page (for the H5 app: it is
 * marked 模拟支付 — no money moves), notified with a signed POST (retried like WeChat Pay), queried and refunded.
 * It also speaks WeChat Pay API v3 Native (`wechatpay.sim.ts`: /v3/…, and a scan page at /wechatpay/scan),
 * so the real `wechatpay_native` channel runs against it with generated keys, and the xpay server API and
 * delivery push (`xpay.sim.ts`: /xpay/…), so the server half of the real `wechat_virtual` channel does too.
 */
import { randomBytes, randomUUID } from 'crypto';
import * as http from 'http';
import { SimOrderState, simNotifySignature } from '../payment/simulator';
import { SimResponse, json, isObject, parseBody, readBody, send, text } from './sim-http';
import { WechatPaySim } from './wechatpay.sim';
import { XpaySim } from './xpay.sim';

export interface SimPayOrder extends SimOrderState {
  description: string;
  notifyUrl: string;
  returnUrl: string;
  refundNo: string | null;
}

export interface NotifyAttempt {
  outTradeNo: string;
  status: number | null;
  at: number;
}

export interface PaymentSimulatorOptions {
  port?: number;
  /** signs the notifications; random when absent */
  secret?: string;
  /** notification retries after a failure, default [1000, 3000, 10000] ms */
  retryDelaysMs?: number[];
}

export interface PaymentSimulator {
  url: string;
  secret: string;
  orders: Map<string, SimPayOrder>;
  notifications: NotifyAttempt[];
  /** what the pay page's 支付 button does (tests drive it like a user would) */
  pay(outTradeNo: string): Promise<SimPayOrder>;
  /** the WeChat Pay v3 part: its generated credentials, orders and signing */
  wechatpay: WechatPaySim;
  /** the 小程序虚拟支付 part: its generated AppKey, orders, and the delivery push */
  xpay: XpaySim;
  /** what scanning a code_url and confirming does: pays the Native order and sends its notification */
  payNative(codeUrl: string): Promise<void>;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): SimResponse & { html: string } {
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>body{font-family:sans-serif;max-width:420px;margin:40px auto;padding:0 16px;color:#222}
.sim{background:#fff3cd;border:1px solid #e0c060;padding:8px 12px;border-radius:8px;font-size:14px}
.amount{font-size:32px;margin:16px 0}button{font-size:18px;padding:10px 24px;margin-right:12px;border-radius:8px;border:0}
#pay{background:#07c160;color:#fff}#cancel{background:#eee}</style></head><body>
<p class="sim">模拟支付 · 本地支付模拟器，不会产生真实扣款</p>${body}</body></html>`;
  return { status: 200, body: null, html };
}

export async function startPaymentSimulator(options: PaymentSimulatorOptions = {}): Promise<PaymentSimulator> {
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const retryDelays = options.retryDelaysMs ?? [1000, 3000, 10000];
  const orders = new Map<string, SimPayOrder>();
  const notifications: NotifyAttempt[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let baseUrl = '';

  const stateOf = (o: SimPayOrder): SimOrderState => ({
    outTradeNo: o.outTradeNo,
    state: o.state,
    amountFen: o.amountFen,
    transactionId: o.transactionId,
    paidAt: o.paidAt,
  });

  /** POSTs a notification, retried after a failure like WeChat Pay does; `make` signs each attempt afresh. */
  const deliver = async (outTradeNo: string, url: string, make: () => { headers: Record<string, string>; body: string }, attempt = 0): Promise<void> => {
    if (closed) return;
    const { headers, body } = make();
    let status: number | null = null;
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10000) });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = null; // unreachable: retried below
    }
    notifications.push({ outTradeNo, status, at: Date.now() });
    const delay = retryDelays[attempt];
    if ((status === null || status >= 500) && delay !== undefined && !closed) {
      const t = setTimeout(() => {
        timers.delete(t);
        void deliver(outTradeNo, url, make, attempt + 1);
      }, delay);
      timers.add(t);
    }
  };

  const notify = (o: SimPayOrder): Promise<void> =>
    deliver(o.outTradeNo, o.notifyUrl, () => {
      const body = JSON.stringify(stateOf(o));
      const ts = String(Math.floor(Date.now() / 1000));
      const nonce = randomUUID().replace(/-/g, '');
      return {
        headers: {
          'Content-Type': 'application/json',
          'X-Sim-Timestamp': ts,
          'X-Sim-Nonce': nonce,
          'X-Sim-Signature': simNotifySignature(secret, ts, nonce, body),
        },
        body,
      };
    });

  const wechatpay = new WechatPaySim(() => baseUrl);
  const xpay = new XpaySim();
  const payNative = async (codeUrl: string): Promise<void> => {
    const o = wechatpay.byCodeUrl(codeUrl);
    if (!o) throw new Error(`no Native order for ${codeUrl}`);
    if (wechatpay.pay(o)) await deliver(o.outTradeNo, o.notifyUrl, () => wechatpay.notification(o));
  };

  const pay = async (no: string): Promise<SimPayOrder> => {
    const o = orders.get(no);
    if (!o) throw new Error(`no simulated order ${no}`);
    if (o.state === 'NOTPAY') {
      o.state = 'PAID';
      o.transactionId = `sim_${randomBytes(10).toString('hex')}`;
      o.paidAt = new Date().toISOString();
      await notify(o);
    }
    return o;
  };

  const scanPage = async (method: string, path: string, codeUrl: string): Promise<SimResponse & { html?: string }> => {
    const o = wechatpay.byCodeUrl(codeUrl);
    if (!o) return page('模拟扫码', '<p id="state">二维码无效或已过期</p>');
    if (method === 'POST' && path === '/wechatpay/scan/pay') await payNative(codeUrl);
    else if (method === 'POST' && path === '/wechatpay/scan/cancel' && o.state === 'NOTPAY') return page('模拟扫码', '<p id="state">已取消支付</p>');
    if (o.state !== 'NOTPAY') return page('模拟扫码', `<p id="state">${o.state === 'SUCCESS' ? '支付成功' : '订单已结束'}</p><p>请回到原页面查看到账情况</p>`);
    const q = `?code_url=${encodeURIComponent(codeUrl)}`;
    return page(
      '模拟扫码',
      `<p>微信支付 Native · ${escape(o.description)}</p><p class="amount">¥${(o.total / 100).toFixed(2)}</p>
<form method="post" action="/wechatpay/scan/pay${escape(q)}" style="display:inline"><button id="pay" type="submit">确认支付</button></form>
<form method="post" action="/wechatpay/scan/cancel${escape(q)}" style="display:inline"><button id="cancel" type="submit">取消</button></form>`,
    );
  };

  const route = async (method: string, path: string, body: unknown): Promise<SimResponse & { html?: string; location?: string }> => {
    if (method === 'POST' && path === '/pay/orders') {
      const b = isObject(body) ? body : {};
      const no = text(b.outTradeNo);
      const amount = b.amountFen;
      const notifyUrl = text(b.notifyUrl);
      if (!no || !Number.isSafeInteger(amount) || (amount as number) <= 0 || !notifyUrl)
        return json(400, { code: 'PARAM_ERROR', message: 'outTradeNo, amountFen and notifyUrl are required' });
      if (orders.has(no)) return json(400, { code: 'OUT_TRADE_NO_USED', message: 'outTradeNo already used' });
      orders.set(no, {
        outTradeNo: no,
        state: 'NOTPAY',
        amountFen: amount as number,
        transactionId: null,
        paidAt: null,
        refundNo: null,
        description: text(b.description) ?? '',
        notifyUrl,
        returnUrl: text(b.returnUrl) ?? '',
      });
      return json(200, { payUrl: `${baseUrl}/pay/checkout/${encodeURIComponent(no)}` });
    }
    const m = /^\/pay\/(orders|checkout)\/([^/]+)(?:\/(refund|pay|cancel))?$/.exec(path);
    const o = m ? orders.get(decodeURIComponent(m[2] ?? '')) : undefined;
    if (!m || !o) return json(404, { code: 'ORDER_NOT_EXIST', message: 'order does not exist' });
    const [, kind, , action] = m;
    if (kind === 'orders' && method === 'GET' && !action) return json(200, stateOf(o));
    if (kind === 'orders' && method === 'POST' && action === 'refund') {
      if (o.state === 'REFUNDED') return json(200, { refundId: `simrefund_${o.refundNo}`, state: 'SUCCESS' });
      if (o.state !== 'PAID') return json(400, { code: 'NOT_PAID', message: 'order is not paid' });
      const b = isObject(body) ? body : {};
      o.state = 'REFUNDED';
      o.refundNo = text(b.refundNo) ?? randomUUID();
      return json(200, { refundId: `simrefund_${o.refundNo}`, state: 'SUCCESS' });
    }
    const yuan = (o.amountFen / 100).toFixed(2);
    const back = o.returnUrl ? `<p><a id="back" href="${escape(o.returnUrl)}">返回应用</a></p>` : '';
    if (kind === 'checkout' && method === 'GET' && !action) {
      if (o.state !== 'NOTPAY') return page('模拟支付', `<p id="state">订单${o.state === 'PAID' ? '已支付' : '已结束'}</p>${back}`);
      const action = (a: string) => `/pay/checkout/${encodeURIComponent(o.outTradeNo)}/${a}`;
      return page(
        '模拟支付',
        `<p>${escape(o.description)}</p><p class="amount">¥${yuan}</p>
<form method="post" action="${action('pay')}" style="display:inline"><button id="pay" type="submit">确认支付</button></form>
<form method="post" action="${action('cancel')}" style="display:inline"><button id="cancel" type="submit">取消</button></form>`,
      );
    }
    if (kind === 'checkout' && method === 'POST' && (action === 'pay' || action === 'cancel')) {
      if (action === 'pay') await pay(o.outTradeNo);
      else if (o.state === 'NOTPAY') o.state = 'CLOSED';
      if (o.returnUrl) return { status: 303, body: null, location: o.returnUrl };
      return page('模拟支付', `<p id="state">${o.state === 'PAID' ? '支付成功' : '已取消'}</p>`);
    }
    return json(405, { code: 'METHOD_NOT_ALLOWED', message: `${method} ${path}` });
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim.local');
      const raw = await readBody(req);
      const method = req.method ?? 'GET';
      const out: SimResponse & { html?: string; location?: string } =
        wechatpay.handle({ method, url: req.url ?? '/', headers: req.headers, body: raw }) ??
        xpay.handle(method, url, raw) ??
        (url.pathname.startsWith('/wechatpay/scan')
          ? await scanPage(method, url.pathname, url.searchParams.get('code_url') ?? '')
          : await route(method, url.pathname, parseBody(raw)));
      if (out.location) {
        res.writeHead(303, { Location: out.location });
        res.end();
      } else if (out.html !== undefined) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(out.html);
      } else send(res, out);
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, json(500, { code: 'SYSTEM_ERROR', message: e instanceof Error ? e.message : String(e) }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('[payment-simulator] could not read the listening address');
  baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    url: baseUrl,
    secret,
    orders,
    notifications,
    pay,
    wechatpay,
    xpay,
    payNative,
    close: async () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
