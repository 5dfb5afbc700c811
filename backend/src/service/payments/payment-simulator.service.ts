import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { PaymentChannelRegistry } from '../../payment/registry';
import { PaymentSimulator, startPaymentSimulator } from '../../simulator/payment.sim';

/**
 * Starts the payment simulator in this process while PAY_SIM_ENABLED (default: on outside production) and
 * offers the `simulator` channel through it. Everything it takes part in is marked as simulated.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PaymentSimulatorService {
  @Inject()
  registry: PaymentChannelRegistry;

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
    this.logger.warn('[payments] payment simulator at %s: the `simulator` channel and WeChat Pay Native without keys take no real money', this.sim.url);
  }

  async stop(): Promise<void> {
    await this.sim?.close();
    this.sim = undefined;
  }
}
