import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, KeyObject } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalServer, startLocalServer } from './local-server';

/**
 * Stand-in for api.mch.weixin.qq.com (WeChat Pay API v3), written with node:crypto only (independently of
 * the channel's library): it checks our `WECHATPAY2-SHA256-RSA2048` Authorization with the merchant public
 * key, answers Native create / query by out_trade_no / refund signed with its own "WeChat Pay" key, and
 * sends TRANSACTION.SUCCESS notifications with the resource AES-256-GCM encrypted under the APIv3 key.
 */
export interface WechatPayStandIn extends LocalServer {
  env: Record<string, string>;
  orders: Map<string, { total: number; state: string; transactionId: string; notifyUrl: string }>;
  /** requests whose Authorization did not verify */
  badAuth: number;
  /** pays the order at the stand-in (no notification) */
  pay(outTradeNo: string): void;
  /** a notification as WeChat Pay sends it, with knobs to forge it */
  notification(
    outTradeNo: string,
    o?: { total?: number; signWith?: KeyObject; apiV3Key?: string; ts?: number },
  ): { headers: Record<string, string>; body: string };
}

const MCHID = '1900000109';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const PUB_ID = 'PUB_KEY_ID_0114232134912410000000000000';

export async function startWechatPayStandIn(): Promise<WechatPayStandIn> {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const apiV3Key = randomBytes(16).toString('hex'); // 32 characters
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxpay-'));
  fs.writeFileSync(path.join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  fs.writeFileSync(path.join(dir, 'pub_key.pem'), platform.publicKey.export({ type: 'spki', format: 'pem' }));

  const sign = (msg: string, key: KeyObject = platform.privateKey) => createSign('RSA-SHA256').update(msg).sign(key, 'base64');
  const signedHeaders = (body: string, key?: KeyObject, ts = Math.floor(Date.now() / 1000)) => {
    const nonce = randomBytes(16).toString('hex');
    return {
      'Wechatpay-Timestamp': String(ts),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': PUB_ID,
      'Wechatpay-Signature': sign(`${ts}\n${nonce}\n${body}\n`, key),
    };
  };
  const answer = (status: number, json: unknown) => {
    const body = JSON.stringify(json);
    return { status, body, headers: { 'content-type': 'application/json', ...signedHeaders(body) } };
  };

  const self = { orders: new Map(), badAuth: 0 } as unknown as WechatPayStandIn;
  const server = await startLocalServer(req => {
    const m = /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",serial_no="(\w+)",timestamp="(\d+)",nonce_str="(\w+)",signature="([^"]+)"$/.exec(
      String(req.headers.authorization ?? ''),
    );
    const ok =
      m &&
      m[1] === MCHID &&
      m[2] === SERIAL &&
      createVerify('RSA-SHA256')
        .update(`${req.method}\n${req.url}\n${m[3]}\n${m[4]}\n${req.body}\n`)
        .verify(merchant.publicKey, m[5] ?? '', 'base64');
    if (!ok) {
      self.badAuth += 1;
      return answer(401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/native') {
      const b = JSON.parse(req.body) as { out_trade_no: string; mchid: string; notify_url: string; amount: { total: number } };
      self.orders.set(b.out_trade_no, { total: b.amount.total, state: 'NOTPAY', transactionId: '', notifyUrl: b.notify_url });
      return answer(200, { code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString('hex')}` });
    }
    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && q) {
      const o = self.orders.get(decodeURIComponent(q[1] ?? ''));
      if (!o) return answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      return answer(200, {
        mchid: MCHID,
        out_trade_no: q[1],
        transaction_id: o.transactionId || undefined,
        trade_state: o.state,
        amount: { total: o.total, payer_total: o.total, currency: 'CNY' },
      });
    }
    if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      const b = JSON.parse(req.body) as { out_trade_no: string; out_refund_no: string };
      const o = self.orders.get(b.out_trade_no);
      if (!o || o.state !== 'SUCCESS') return answer(400, { code: 'INVALID_REQUEST', message: '订单未支付' });
      o.state = 'REFUND';
      return answer(200, { refund_id: `5030${b.out_refund_no.slice(-10)}`, out_refund_no: b.out_refund_no, status: 'PROCESSING' });
    }
    return answer(404, { code: 'NOT_FOUND', message: 'no such API' });
  });

  self.pay = (no: string) => {
    const o = self.orders.get(no);
    if (!o) throw new Error(`no order ${no} at the stand-in`);
    o.state = 'SUCCESS';
    o.transactionId = `4200${Date.now()}`;
  };
  self.notification = (no, opt = {}) => {
    const o = self.orders.get(no);
    const resource = JSON.stringify({
      mchid: MCHID,
      out_trade_no: no,
      transaction_id: o?.transactionId || `4200${Date.now()}`,
      trade_type: 'NATIVE',
      trade_state: 'SUCCESS',
      success_time: new Date().toISOString(),
      amount: { total: opt.total ?? o?.total ?? 0, payer_total: opt.total ?? o?.total ?? 0, currency: 'CNY' },
    });
    const nonce = randomBytes(6).toString('hex'); // 12 bytes of text, as WeChat Pay sends
    const aad = 'transaction';
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(opt.apiV3Key ?? apiV3Key), Buffer.from(nonce)).setAAD(Buffer.from(aad));
    const ciphertext = Buffer.concat([cipher.update(resource, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const body = JSON.stringify({
      id: randomBytes(8).toString('hex'),
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: aad, nonce },
    });
    return { headers: { 'Content-Type': 'application/json', ...signedHeaders(body, opt.signWith, opt.ts) }, body };
  };
  self.env = {
    WECHATPAY_MCHID: MCHID,
    WECHATPAY_APPID: 'wxpayapp',
    WECHATPAY_SERIAL: SERIAL,
    WECHATPAY_PRIVATE_KEY_PATH: path.join(dir, 'apiclient_key.pem'),
    WECHATPAY_APIV3_KEY: apiV3Key,
    WECHATPAY_PUBLIC_KEY_PATH: path.join(dir, 'pub_key.pem'),
    WECHATPAY_PUBLIC_KEY_ID: PUB_ID,
    WECHATPAY_BASE_URL: server.url,
  };
  return Object.assign(self, {
    url: server.url,
    received: server.received,
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}
