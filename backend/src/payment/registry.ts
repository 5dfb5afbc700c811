/**
 * Builds the payment channels from the `payments` config (the shape of src/provider/registry.ts): a record
 * of factories keyed by channel name; a channel is offered when it has its merchant keys, or — for the
 * simulator — while the payment simulator runs (`useSimulator(sim)`); WeChat Pay Native without keys talks to the simulator too.
 */
import { Config, Init, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { PaymentChannelName } from '@app/shared';
import type { PaymentsConfig } from '../config/payments';
import { requireAllOrNone } from '../config/payments';
import { WechatClient } from '../client/wechat.client';
import { AppError } from '../error/app.error';
import { PaymentChannel } from './channel';
import { SimulatorChannel } from './simulator';
import { WechatVirtualChannel } from './wechat-virtual';
import { WechatPayNativeChannel, loadWechatPayKeys } from './wechatpay-native';
import type { PaymentSimulator } from '../simulator/payment.sim';

interface Env {
  cfg: PaymentsConfig;
  publicBaseUrl: string;
  sim?: PaymentSimulator;
  wechat: WechatClient;
}

const FACTORIES: Record<PaymentChannelName, (env: Env) => PaymentChannel | undefined> = {
  simulator: ({ sim, publicBaseUrl }) =>
    sim ? new SimulatorChannel({ baseUrl: sim.url, notifyUrl: `${publicBaseUrl}/api/v1/payments/simulator/notify` }) : undefined,
  wechat_virtual: ({ cfg, wechat, sim }) => {
    if (xpayConfigured(cfg)) return new WechatVirtualChannel(cfg.xpay, { accessToken: () => wechat.accessToken() });
    // no xpay keys: the same channel code against the simulator's xpay API; still needs WeChat login (session_key)
    if (!sim || !cfg.xpay.appId) return undefined;
    const c = sim.xpay.credentials;
    const simCfg = { ...cfg.xpay, offerId: c.offerId, appKeyProd: c.appKey, appKeySandbox: c.appKey, apiBase: sim.url };
    return new WechatVirtualChannel(simCfg, { accessToken: async () => c.accessToken }, true);
  },
  wechatpay_native: ({ cfg, publicBaseUrl, sim }) => {
    const notifyUrl = `${publicBaseUrl}/api/v1/payments/wechatpay/notify`;
    if (wechatPayConfigured(cfg)) return new WechatPayNativeChannel(cfg.wechatpay, loadWechatPayKeys(cfg.wechatpay), notifyUrl);
    if (!sim) return undefined;
    // no merchant keys: the same channel code, against the simulator's WeChat Pay v3 with its generated keys
    const c = sim.wechatpay.credentials;
    const simCfg = {
      mchid: c.mchid,
      appId: c.appId,
      serial: c.serial,
      privateKeyPath: '',
      apiV3Key: c.apiV3Key,
      platformPublicKeyPath: '',
      platformPublicKeyId: c.platformPublicKeyId,
      baseUrl: sim.url,
    };
    return new WechatPayNativeChannel(simCfg, { privateKey: c.privateKey, platformPublicKey: c.platformPublicKey }, notifyUrl, {
      scanUrl: codeUrl => sim.wechatpay.scanUrl(codeUrl),
    });
  },
};

function xpayConfigured(cfg: PaymentsConfig): boolean {
  const x = cfg.xpay;
  const appKey = x.env === 1 ? 'WECHAT_VIRTUAL_SANDBOX_APPKEY' : 'WECHAT_VIRTUAL_APPKEY';
  const on = requireAllOrNone('WeChat virtual payment', { WECHAT_VIRTUAL_OFFER_ID: x.offerId, [appKey]: x.env === 1 ? x.appKeySandbox : x.appKeyProd });
  if (on && !x.appId) throw new Error('[payments] WeChat virtual payment needs WECHAT_APPID and WECHAT_SECRET (session_key, access token)');
  return on;
}

function wechatPayConfigured(cfg: PaymentsConfig): boolean {
  const w = cfg.wechatpay;
  const on = requireAllOrNone('WeChat Pay Native', {
    WECHATPAY_MCHID: w.mchid,
    WECHATPAY_SERIAL: w.serial,
    WECHATPAY_PRIVATE_KEY_PATH: w.privateKeyPath,
    WECHATPAY_APIV3_KEY: w.apiV3Key,
    WECHATPAY_PUBLIC_KEY_PATH: w.platformPublicKeyPath,
    WECHATPAY_PUBLIC_KEY_ID: w.platformPublicKeyId,
  });
  if (on && !w.appId) throw new Error('[payments] WeChat Pay Native needs WECHATPAY_APPID (or WECHAT_APPID)');
  return on;
}

export const channelUnavailable = (requested: string, available: string[]) =>
  new AppError('PAYMENT_CHANNEL_UNAVAILABLE', `暂不支持该支付方式，可用：${available.join('、') || '无'}`, {
    status: 400,
    details: { channel: requested, available },
  });

@Provide()
@Scope(ScopeEnum.Singleton)
export class PaymentChannelRegistry {
  @Config('payments')
  cfg: PaymentsConfig;

  @Config('app.publicBaseUrl')
  publicBaseUrl: string;

  @Inject()
  wechat: WechatClient;

  private sim?: PaymentSimulator;
  private channels = new Map<PaymentChannelName, PaymentChannel>();

  @Init()
  init(): void {
    this.build();
  }

  /** The payment simulator runs: the `simulator` channel, and the real channels without merchant keys, talk to it. */
  useSimulator(sim: PaymentSimulator): void {
    this.sim = sim;
    this.build();
  }

  /** The simulator's notification secret (verifies POST /api/v1/payments/simulator/notify). */
  simulatorSecret(): string | undefined {
    return this.sim?.secret;
  }

  /** 400 PAYMENT_CHANNEL_UNAVAILABLE listing the available channels for any other name. */
  get(name: string): PaymentChannel {
    const c = this.channels.get(name as PaymentChannelName);
    if (!c) throw channelUnavailable(name, this.names());
    return c;
  }

  /** The WeChat Pay Native channel, when configured (verifies POST /api/v1/payments/wechatpay/notify). */
  wechatPay(): WechatPayNativeChannel | undefined {
    const c = this.channels.get('wechatpay_native');
    return c instanceof WechatPayNativeChannel ? c : undefined;
  }

  names(): PaymentChannelName[] {
    return [...this.channels.keys()];
  }

  needsSimulator(): boolean {
    return this.cfg.simulator.enabled;
  }

  private build(): void {
    const env: Env = { cfg: this.cfg, publicBaseUrl: this.publicBaseUrl, sim: this.sim, wechat: this.wechat };
    const channels = new Map<PaymentChannelName, PaymentChannel>();
    for (const [name, make] of Object.entries(FACTORIES) as Array<[PaymentChannelName, (e: Env) => PaymentChannel | undefined]>) {
      const c = make(env);
      if (c) channels.set(name, c);
    }
    this.channels = channels;
  }
}
