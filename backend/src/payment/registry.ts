/**
 * Builds the payment channels from the `payments` config (the shape of src/provider/registry.ts): a record
 * of factories keyed by channel name; a channel is offered when it has its merchant keys, or — for the
 * simulator — while the payment simulator runs (`useSimulator(url, secret)`).
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

interface Env {
  cfg: PaymentsConfig;
  publicBaseUrl: string;
  sim?: { url: string; secret: string };
  wechat: WechatClient;
}

const FACTORIES: Record<PaymentChannelName, (env: Env) => PaymentChannel | undefined> = {
  simulator: ({ sim, publicBaseUrl }) => (sim ? new SimulatorChannel({ baseUrl: sim.url, notifyUrl: `${publicBaseUrl}/api/v1/payments/simulator/notify` }) : undefined),
  wechat_virtual: ({ cfg, wechat }) => (xpayConfigured(cfg) ? new WechatVirtualChannel(cfg.xpay, { accessToken: () => wechat.accessToken() }) : undefined),
  wechatpay_native: () => undefined, // not built yet (see docs/payments.md)
};

function xpayConfigured(cfg: PaymentsConfig): boolean {
  const x = cfg.xpay;
  return requireAllOrNone('WeChat virtual payment', {
    WECHAT_APPID: x.appId,
    WECHAT_VIRTUAL_OFFER_ID: x.offerId,
    [x.env === 1 ? 'WECHAT_VIRTUAL_SANDBOX_APPKEY' : 'WECHAT_VIRTUAL_APPKEY']: x.env === 1 ? x.appKeySandbox : x.appKeyProd,
  }) && !!x.offerId;
}

export const channelUnavailable = (requested: string, available: string[]) =>
  new AppError('PAYMENT_CHANNEL_UNAVAILABLE', `暂不支持该支付方式，可用：${available.join('、') || '无'}`, { status: 400, details: { channel: requested, available } });

@Provide()
@Scope(ScopeEnum.Singleton)
export class PaymentChannelRegistry {
  @Config('payments')
  cfg: PaymentsConfig;

  @Config('app.publicBaseUrl')
  publicBaseUrl: string;

  @Inject()
  wechat: WechatClient;

  private sim?: { url: string; secret: string };
  private channels = new Map<PaymentChannelName, PaymentChannel>();

  @Init()
  init(): void {
    this.build();
  }

  /** The payment simulator runs at `url` and signs its notifications with `secret`. */
  useSimulator(url: string, secret: string): void {
    this.sim = { url: url.replace(/\/+$/, ''), secret };
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
