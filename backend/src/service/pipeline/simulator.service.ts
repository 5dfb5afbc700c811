import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { ProviderRegistry } from '../../provider/registry';
import { Simulator, startSimulator } from '../../simulator';

/**
 * Starts the provider simulator in this process when a provider has no API key (the offline default of
 * `npm start`), and points those providers' clients at it. Real keys → no simulator.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class SimulatorService {
  @Inject()
  registry: ProviderRegistry;

  @Logger()
  logger: ILogger;

  private sim?: Simulator;

  get url(): string | undefined {
    return this.sim?.url;
  }

  /** the running simulator (tests read its recorded requests and callbacks) */
  get simulator(): Simulator | undefined {
    return this.sim;
  }

  async startIfNeeded(): Promise<void> {
    if (this.sim || !this.registry.needsSimulator()) return;
    const s = this.registry.simulatorSettings();
    this.sim = await startSimulator({ port: s.port, delayMs: s.delayMs, failureRate: s.failureRate });
    this.registry.useSimulator(this.sim.url);
    this.logger.warn(
      '[providers] no API key for %s: using the local provider simulator at %s (clips are marked "SIM")',
      this.registry.simulatedProviders().join(', '),
      this.sim.url,
    );
  }

  async stop(): Promise<void> {
    await this.sim?.close();
    this.sim = undefined;
  }
}
