import { paymentsConfig, requireAllOrNone } from '../src/config/payments';

/** A channel runs with all of its keys or none of them; half a channel stops the start. */
describe('payment channel configuration', () => {
  it('all keys → real channel, none → simulator, some → a start-stopping error naming the missing ones', () => {
    expect(requireAllOrNone('X', { A: 'a', B: 'b' })).toBe(true);
    expect(requireAllOrNone('X', { A: '', B: '' })).toBe(false);
    expect(() => requireAllOrNone('WeChat Pay Native', { WECHATPAY_MCHID: '1900000109', WECHATPAY_APIV3_KEY: '' })).toThrow(
      '[payments] WeChat Pay Native is half configured: set WECHATPAY_APIV3_KEY too',
    );
  });

  it('packages can be overridden, but only with whole, positive packages', () => {
    const saved = process.env.PAYMENT_PACKAGES_JSON;
    try {
      process.env.PAYMENT_PACKAGES_JSON = '[{"id":"pkg_9","name":"小包","credits":9,"priceFen":100}]';
      expect(paymentsConfig().packages).toEqual([{ id: 'pkg_9', name: '小包', credits: 9, priceFen: 100 }]);
      process.env.PAYMENT_PACKAGES_JSON = '[{"id":"pkg_9","name":"小包","credits":9,"priceFen":0}]';
      expect(() => paymentsConfig()).toThrow(/PAYMENT_PACKAGES_JSON/);
      process.env.PAYMENT_PACKAGES_JSON = 'not json';
      expect(() => paymentsConfig()).toThrow(/not valid JSON/);
    } finally {
      if (saved === undefined) delete process.env.PAYMENT_PACKAGES_JSON;
      else process.env.PAYMENT_PACKAGES_JSON = saved;
    }
  });
});
