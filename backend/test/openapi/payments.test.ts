import type { PaymentSimulator } from '../../src/simulator/payment.sim';
import { App, http, startApp, stopApp } from '../support/app';
import { OpenApiChecker } from '../support/openapi';
import { paymentSimulator, payWithoutNotify, signedNotify } from '../support/payments';
import { pipelineEnv } from '../support/pipeline';
import { Account, adminAccount, passwordAccount } from '../support/rows';

/**
 * Issue 11: real answers of the payment routes through the payment simulator (its own channel and WeChat Pay
 * Native without keys): options, orders and how to pay, both notifications, and the admins' orders and refund.
 */
describe('OpenAPI schemas: orders and payments', () => {
  let app: App;
  let api: OpenApiChecker;
  let sim: PaymentSimulator;
  let user: Account;
  let admin: Account;
  beforeAll(async () => {
    app = await startApp(await pipelineEnv({ PIPELINE_WORKER: 'false', PAYMENT_QUERY_REFRESH_SECONDS: '0' }));
    api = await OpenApiChecker.load(app);
    sim = await paymentSimulator(app);
    user = await passwordAccount(app);
    admin = await adminAccount(app);
  });
  afterAll(() => stopApp(app));

  const order = async (channel: string) =>
    api.conforms(
      await http(app).post('/api/v1/orders').set('Authorization', user.auth).send({ packageId: 'pkg_100', channel, returnUrl: 'http://127.0.0.1/back' }),
      'POST',
      '/api/v1/orders',
    );
  const asAdmin = (path: string) => http(app).get(path).set('Authorization', admin.auth);

  it('the user: options, an order per channel, both notifications, the list and one order', async () => {
    api.conforms(await http(app).get('/api/v1/payments/options').set('Authorization', user.auth), 'GET', '/api/v1/payments/options');

    const simulated = (await order('simulator')).body.data.order.outTradeNo as string;
    const notified = api.conforms(await signedNotify(app, sim, payWithoutNotify(sim, simulated)), 'POST', '/api/v1/payments/simulator/notify');
    expect(notified.status).toBe(200);
    api.conforms(await signedNotify(app, sim, payWithoutNotify(sim, simulated), { secret: 'forged' }), 'POST', '/api/v1/payments/simulator/notify');

    const native = (await order('wechatpay_native')).body.data;
    expect(native.payment.channel).toBe('wechatpay_native');
    const o = sim.wechatpay.orders.get(native.order.outTradeNo)!;
    sim.wechatpay.pay(o);
    const n = sim.wechatpay.notification(o);
    const paid = api.conforms(
      await http(app).post('/api/v1/payments/wechatpay/notify').set(n.headers).send(n.body),
      'POST',
      '/api/v1/payments/wechatpay/notify',
    );
    expect(paid.status).toBe(200);

    await order('no-such-channel');
    api.conforms(await http(app).get('/api/v1/orders').set('Authorization', user.auth), 'GET', '/api/v1/orders');
    const one = api.conforms(await http(app).get(`/api/v1/orders/${simulated}`).set('Authorization', user.auth), 'GET', '/api/v1/orders/{outTradeNo}');
    expect(one.body.data.status).toBe('DELIVERED');
  });

  it('the admins: the list (filtered), revenue, an order with its notifications, a refund', async () => {
    const [delivered] = api.conforms(await asAdmin('/api/v1/admin/orders?status=DELIVERED'), 'GET', '/api/v1/admin/orders').body.data.items;
    api.conforms(await asAdmin('/api/v1/admin/orders'), 'GET', '/api/v1/admin/orders');
    api.conforms(await asAdmin('/api/v1/admin/orders/revenue?days=7'), 'GET', '/api/v1/admin/orders/revenue');
    const detail = api.conforms(await asAdmin(`/api/v1/admin/orders/${delivered.outTradeNo}`), 'GET', '/api/v1/admin/orders/{outTradeNo}');
    expect(detail.body.data.events.length).toBeGreaterThan(0);
    const refund = await http(app)
      .post(`/api/v1/admin/orders/${delivered.outTradeNo}/refund`)
      .set('Authorization', admin.auth)
      .send({ reason: '用户申请退款' });
    expect(api.conforms(refund, 'POST', '/api/v1/admin/orders/{outTradeNo}/refund').body.data.status).toBe('REFUNDED');
    api.conforms(await asAdmin(`/api/v1/admin/orders/${delivered.outTradeNo}`), 'GET', '/api/v1/admin/orders/{outTradeNo}');
  });

  it('every payment route was checked', () => {
    expect(api.unchecked('payments')).toEqual([]);
  });
});
