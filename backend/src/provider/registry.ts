/**
 * Builds the provider clients from the `providers` config and answers which routes to try for a sticker kind.
 * Providers without an API key point at the local simulator once its URL is known (`useSimulator(url)`).
 */
import { Config, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { StickerKind } from '@app/shared';
import type { ProvidersConfig } from '../config/providers';
import { PROVIDER_NAMES, ProviderEndpoint, ProviderName, isProviderName, providerFactories } from './factories';
import { FetchFn } from './http';
import { VideoProvider, CharacterDescriber } from './provider';
import { QwenDescriber } from './qwen';

export interface ProviderRoute {
  provider: ProviderName;
  model: string;
  mode: 't2v' | 'i2v';
}

export interface ProviderLimits {
  maxConcurrent: number;
  submitPerSecond: number;
}

export interface RegistryDeps {
  fetch?: FetchFn;
}

const KINDS: readonly StickerKind[] = ['text', 'image', 'web_search'];
const MODE: Record<StickerKind, 't2v' | 'i2v'> = { text: 't2v', image: 'i2v', web_search: 't2v' };
const SIM_KEY = 'sim-key';

export class UnknownProviderError extends Error {
  constructor(
    readonly requested: string,
    readonly available: readonly string[],
  ) {
    super(`Unknown provider "${requested}". Available providers: ${available.length ? available.join(', ') : '(none)'}`);
    this.name = 'UnknownProviderError';
  }
}

@Provide()
@Scope(ScopeEnum.Singleton)
export class ProviderRegistry {
  @Config('providers')
  private providersConfig: ProvidersConfig;

  private config: ProvidersConfig;
  private deps: RegistryDeps = {};
  private simulatorUrl = '';
  private providers = new Map<ProviderName, VideoProvider>();
  private qwen: QwenDescriber;
  private routeTable: Record<StickerKind, ProviderRoute[]>;

  /** Outside Midway (tests, scripts): a registry from a config object. */
  static fromConfig(config: ProvidersConfig, deps: RegistryDeps = {}): ProviderRegistry {
    const registry = new ProviderRegistry();
    registry.configure(config, deps);
    return registry;
  }

  @Init()
  init(): void {
    if (!this.providersConfig) throw new Error('[providers] the `providers` config block is missing');
    this.configure(this.providersConfig);
  }

  configure(config: ProvidersConfig, deps: RegistryDeps = this.deps): void {
    this.config = config;
    this.deps = deps;
    this.routeTable = this.buildRoutes();
    this.build();
  }

  /** Points every provider without an API key at the simulator (`${url}/<provider name>`). */
  useSimulator(url: string): void {
    this.simulatorUrl = url.replace(/\/+$/, '');
    this.build();
  }

  /** Throws UnknownProviderError (listing the available ones) for a name that is not configured. */
  get(name: string): VideoProvider {
    const provider = this.providers.get(name as ProviderName);
    if (!provider) throw new UnknownProviderError(name, this.names());
    return provider;
  }

  names(): ProviderName[] {
    return [...this.providers.keys()];
  }

  /** Ordered routes to try for a sticker kind (the first that accepts the task wins). */
  routes(kind: StickerKind): readonly ProviderRoute[] {
    const routes = this.routeTable[kind];
    if (!routes) throw new Error(`[providers] no routes for sticker kind "${kind}"`);
    return routes;
  }

  limits(name: ProviderName): ProviderLimits {
    const c = this.config[name];
    return { maxConcurrent: c.maxConcurrent, submitPerSecond: c.submitPerSecond };
  }

  /** Qwen with web search (DashScope account): simulated when DashScope is. */
  describer(): CharacterDescriber {
    return this.qwen;
  }

  /** Providers (among those available) served by the simulator because they have no API key. */
  simulatedProviders(): ProviderName[] {
    return this.names().filter(n => this.isSimulated(n));
  }

  /** True when something the routes or Qwen use needs the simulator: start it and call useSimulator(url). */
  needsSimulator(): boolean {
    return this.config.simulator.enabled && this.simulatedProviders().length > 0;
  }

  simulatorSettings(): ProvidersConfig['simulator'] {
    return this.config.simulator;
  }

  private isSimulated(name: ProviderName): boolean {
    return !this.config[name].apiKey;
  }

  private isAvailable(name: ProviderName): boolean {
    return !this.isSimulated(name) || this.config.simulator.enabled;
  }

  private endpoint(name: ProviderName): ProviderEndpoint {
    const c = this.config[name];
    if (c.apiKey) return { apiKey: c.apiKey, baseUrl: c.baseUrl, simulated: false };
    return { apiKey: SIM_KEY, baseUrl: this.simulatorUrl ? `${this.simulatorUrl}/${name}` : '', simulated: true };
  }

  private build(): void {
    const http = { fetch: this.deps.fetch, timeoutMs: this.config.timeoutMs };
    const c = this.config;
    const providers = new Map<ProviderName, VideoProvider>();
    for (const name of PROVIDER_NAMES) {
      if (this.isAvailable(name)) providers.set(name, providerFactories[name](this.endpoint(name), c, http));
    }
    this.providers = providers;
    this.qwen = new QwenDescriber({ ...this.endpoint('dashscope'), model: c.dashscope.qwenModel }, http);
  }

  private buildRoutes(): Record<StickerKind, ProviderRoute[]> {
    const table = {} as Record<StickerKind, ProviderRoute[]>;
    for (const kind of KINDS) {
      const mode = MODE[kind];
      const entries = this.config.routes[kind] ?? [];
      const routes: ProviderRoute[] = [];
      for (const entry of entries) {
        const [rawName = '', ...rest] = entry.split(':');
        const name = rawName.trim();
        if (!isProviderName(name)) {
          throw new Error(`[providers] route "${entry}" for ${kind}: ${new UnknownProviderError(name, PROVIDER_NAMES).message}`);
        }
        const provider = name;
        if (!this.isAvailable(provider)) continue; // no API key and no simulator: left out
        const model = rest.join(':').trim() || (mode === 't2v' ? this.config[provider].t2vModel : this.config[provider].i2vModel);
        routes.push({ provider, model, mode });
      }
      if (routes.length === 0) {
        throw new Error(
          `[providers] no usable route for ${kind} stickers (ROUTES_${kind.toUpperCase()}="${entries.join(',')}"): ` +
            'set DASHSCOPE_API_KEY, EVOLINK_API_KEY or KIE_API_KEY, or SIM_ENABLED=true',
        );
      }
      table[kind] = routes;
    }
    return table;
  }
}
