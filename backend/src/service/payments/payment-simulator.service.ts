import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { randomBytes } from 'crypto';
import { pushSignature } from '../wechat-push/push-crypto';
import { PaymentChannelRegistry } from '../../payment/registry';
import { PaymentSimulator, startPaymentSimulator } from '../../simulator/payment.sim';

/**
 * Starts the payment simulator in this process while PAY_SIM_ENABLED (default: on outside production) and
 * offers the `simulator` channel through it; channels without merchant keys talk to it too (registry.ts). Everything it takes part in is marked as simulated.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PaymentSimulatorService {
  @Inject()
  registry: PaymentChannelRegistry;

  @Config('wechat.pushToken')
  pushToken: string;

  @Config('app.publicBaseUrl')
  publicBaseUrl: string;

  @Logger()
  logger: ILogger;

  private sim?: PaymentSimulator;

  /** the running simulator (tests pay through it like the pay page does) */
  get simulator(): PaymentSimulator | undefined {
    return this.sim;
  }

  async startIfNeeded(): Promise<void> {
    if (this.sim || !this.registry.needsSimulator()) return;
    this.sim = await startPaymentSimulator({ port: this.registry.cfg.simulator.port });
    this.registry.useSimulator(this.sim);
    // the xpay delivery push goes to our message-push endpoint, signed as that endpoint verifies it
    this.sim.xpay.pushTo(this.pushToken ? { url: `${this.publicBaseUrl}/api/v1/wechat/push`, signPush: () => this.signPush() } : undefined);
    this.logger.warn(
      '[payments] payment simulator at %s: the `simulator` channel, and WeChat Pay Native / xpay without keys, take no real money',
      this.sim.url,
    );
  }

  /** The one place the simulator signs a message push (plain mode today: sha1 of the sorted token, timestamp, nonce). */
  private signPush(): Record<string, string> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    return { signature: pushSignature(this.pushToken, timestamp, nonce), timestamp, nonce };
  }

  async stop(): Promise<void> {
    await this.sim?.close();
    this.sim = undefined;
  }
}
