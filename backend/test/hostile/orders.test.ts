import { randomUUID } from 'crypto';
import { simNotifySignature } from '../../src/payment/simulator';
import type { PaymentSimulator } from '../../src/simulator/payment.sim';
import { App, freshPhone, http, startApp, stopApp } from '../support/app';
import { HostileCase, runHostileCases } from '../support/hostile';
import { paymentSimulator, signedNotify } from '../support/payments';
import { expectLedgerClean, pipelineEnv } from '../support/pipeline';
import { Account, adminAccount, passwordAccount } from '../support/rows';

/**
 * Hostile input at the order API, the payment notification and admin refunds: each gets a 4xx with a stable code and writes
 * no row (orders, order events and the ledger included).
 */
let app: App;
let sim: PaymentSimulator;
let victim: Account;
let attacker: Account;
let victimOrder = '';
let admin: Account;
let spentOrder = '';
let refundedOrder = '';
const adminPhone = freshPhone();

const api = () => http(app);
const as = (u: () => Account) => ({ Authorization: u().auth });
const now = () => Math.floor(Date.now() / 1000);
const paidState = (outTradeNo: string, amountFen = 990) => ({
  outTradeNo,
  state: 'PAID' as const,
  amountFen,
  transactionId: 'sim_forged',
  paidAt: new Date().toISOString(),
});

function notifyWith(body: string, headers: Record<string, string>) {
  return api().post('/api/v1/payments/simulator/notify').set('Content-Type', 'application/json').set(headers).send(body);
}

const createCases: HostileCase[] = [
  {
    name: 'order without a token',
    send: () => api().post('/api/v1/orders').send({ packageId: 'pkg_100', channel: 'simulator' }),
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'unknown package',
    send: () =>
      api()
        .post('/api/v1/orders')
        .set(as(() => attacker))
        .send({ packageId: 'pkg_free', channel: 'simulator' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'package id as an object',
    send: () =>
      api()
        .post('/api/v1/orders')
        .set(as(() => attacker))
        .send({ packageId: { $ne: null }, channel: 'simulator' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'client-sent price',
    send: () =>
      api()
        .post('/api/v1/orders')
        .set(as(() => attacker))
        .send({ packageId: 'pkg_3000', channel: 'simulator', priceFen: 1 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'client-sent credits',
    send: () =>
      api()
        .post('/api/v1/orders')
        .set(as(() => attacker))
        .send({ packageId: 'pkg_100', channel: 'simulator', credits: 99999 }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'unknown channel',
    send: () =>
      api()
        .post('/api/v1/orders')
        .set(as(() => attacker))
        .send({ packageId: 'pkg_100', channel: 'alipay' }),
    status: 400,
    code: 'PAYMENT_CHANNEL_UNAVAILABLE',
  },
  {
    name: 'xpay without merchant keys',
    send: () =>
      api()
        .post('/api/v1/orders')
        .set(as(() => attacker))
        .send({ packageId: 'pkg_100', channel: 'wechat_virtual', loginCode: 'abc' }),
    status: 400,
    code: 'PAYMENT_CHANNEL_UNAVAILABLE',
  },
  {
    name: 'javascript: return URL',
    send: () =>
      api()
        .post('/api/v1/orders')
        .set(as(() => attacker))
        .send({ packageId: 'pkg_100', channel: 'simulator', returnUrl: 'javascript:alert(1)' }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'order of another user',
    send: () =>
      api()
        .get(`/api/v1/orders/${victimOrder}`)
        .set(as(() => attacker)),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'order number with SQL in it',
    send: () =>
      api()
        .get(`/api/v1/orders/${encodeURIComponent("x' OR '1'='1")}`)
        .set(as(() => attacker)),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
];

const notifyCases: HostileCase[] = [
  { name: 'notification without signature headers', send: () => notifyWith(JSON.stringify(paidState(victimOrder)), {}), status: 401, code: 'CALLBACK_INVALID' },
  {
    name: 'forged notification (another secret)',
    send: () => signedNotify(app, sim, paidState(victimOrder), { secret: 'not-the-secret' }),
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'replayed notification signed an hour ago',
    send: () => signedNotify(app, sim, paidState(victimOrder), { ts: now() - 3600 }),
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'notification body changed after signing',
    send: () => {
      const ts = String(now());
      const nonce = randomUUID();
      const signed = JSON.stringify(paidState(victimOrder));
      return notifyWith(JSON.stringify(paidState(victimOrder, 1)), {
        'X-Sim-Timestamp': ts,
        'X-Sim-Nonce': nonce,
        'X-Sim-Signature': simNotifySignature(sim.secret, ts, nonce, signed),
      });
    },
    status: 401,
    code: 'CALLBACK_INVALID',
  },
  {
    name: 'signed notification for an unknown order',
    send: () => signedNotify(app, sim, paidState('BQ00000000000000NOSUCHORD')),
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: 'signed notification that is not an order state',
    send: () => {
      const ts = String(now());
      const body = JSON.stringify({ hello: 'world' });
      return notifyWith(body, { 'X-Sim-Timestamp': ts, 'X-Sim-Nonce': 'n1', 'X-Sim-Signature': simNotifySignature(sim.secret, ts, 'n1', body) });
    },
    status: 400,
    code: 'VALIDATION_FAILED',
  },
];

const refund = (no: () => string, who: () => Account = () => admin) =>
  api().post(`/api/v1/admin/orders/${no()}/refund`).set(as(who)).send({ reason: '测试退款' });

const refundCases: HostileCase[] = [
  { name: 'refund of an order whose credits were spent', send: () => refund(() => spentOrder), status: 409, code: 'ORDER_NOT_REFUNDABLE' },
  { name: 'double refund', send: () => refund(() => refundedOrder), status: 409, code: 'ORDER_NOT_REFUNDABLE' },
  { name: 'refund of an unpaid order', send: () => refund(() => victimOrder), status: 409, code: 'ORDER_NOT_REFUNDABLE' },
  {
    name: 'refund by a user who is not an admin',
    send: () =>
      refund(
        () => refundedOrder,
        () => attacker,
      ),
    status: 403,
    code: 'FORBIDDEN',
  },
];

/** An order of a fresh user, paid through the simulator's pay page and delivered. */
async function deliveredOrder(): Promise<{ user: Account; no: string }> {
  const user = await passwordAccount(app);
  const r = await api()
    .post('/api/v1/orders')
    .set(as(() => user))
    .send({ packageId: 'pkg_100', channel: 'simulator' })
    .expect(200);
  const no = r.body.data.order.outTradeNo as string;
  await sim.pay(no);
  return { user, no };
}

describe('hostile input: orders and payment notifications', () => {
  beforeAll(async () => {
    try {
      app = await startApp(await pipelineEnv({ PIPELINE_WORKER: 'false', ADMIN_PHONES: adminPhone }));
      sim = await paymentSimulator(app);
      victim = await passwordAccount(app);
      attacker = await passwordAccount(app);
      const r = await api()
        .post('/api/v1/orders')
        .set(as(() => victim))
        .send({ packageId: 'pkg_100', channel: 'simulator' })
        .expect(200);
      victimOrder = r.body.data.order.outTradeNo;
      admin = await adminAccount(app, adminPhone);
      const spent = await deliveredOrder();
      spentOrder = spent.no;
      const all = (
        await api()
          .get('/api/v1/credits')
          .set(as(() => spent.user))
      ).body.data.available;
      await api()
        .post(`/api/v1/admin/users/${spent.user.id}/deduct`)
        .set(as(() => admin))
        .send({ amount: all, reason: '用完积分' })
        .expect(200);
      refundedOrder = (await deliveredOrder()).no;
      await refund(() => refundedOrder).expect(200);
    } catch (e) {
      console.error(e);
      throw e;
    }
  });

  afterAll(async () => {
    await expectLedgerClean(app);
    await stopApp(app);
  });

  runHostileCases(() => app, [...createCases, ...notifyCases, ...refundCases]);
});
