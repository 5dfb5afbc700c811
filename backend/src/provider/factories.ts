/**
 * The record of provider factories: its keys are the provider names (ProviderName is derived from them), so
 * adding a provider is its client file plus one line here (plus its config block in config/providers.ts and
 * its stand-in in simulator/providers.ts, which the type checker asks for).
 */
import type { ProvidersConfig } from '../config/providers';
import { DashScopeProvider } from './dashscope';
import { EvolinkProvider } from './evolink';
import type { HttpDeps } from './http';
import { KieProvider } from './kie';
import type { VideoProvider } from './provider';

/** Where a provider client talks: its real API with a key, or the simulator's `${url}/<name>`. */
export interface ProviderEndpoint {
  apiKey: string;
  baseUrl: string;
  simulated: boolean;
}

// (parameters typed by hand, no `satisfies`: VideoProvider's `name` is a ProviderName, read from these keys)
export const providerFactories = {
  dashscope: (endpoint: ProviderEndpoint, _c: ProvidersConfig, http: HttpDeps) => new DashScopeProvider(endpoint, http),
  evolink: (endpoint: ProviderEndpoint, c: ProvidersConfig, http: HttpDeps) =>
    new EvolinkProvider({ ...endpoint, duration: c.evolink.duration, squareAspectRatio: c.evolink.squareAspectRatio }, http),
  kie: (endpoint: ProviderEndpoint, c: ProvidersConfig, http: HttpDeps) =>
    new KieProvider({ ...endpoint, nFrames: c.kie.nFrames, squareAspectRatio: c.kie.squareAspectRatio }, http),
};

export type ProviderName = keyof typeof providerFactories;
/** Every factory builds a VideoProvider named by its key (checked here, once the names are known). */
const checked: { [N in ProviderName]: (e: ProviderEndpoint, c: ProvidersConfig, h: HttpDeps) => VideoProvider & { name: N } } = providerFactories;
void checked;
export const PROVIDER_NAMES = Object.keys(providerFactories) as ProviderName[];

export function isProviderName(name: string): name is ProviderName {
  return Object.prototype.hasOwnProperty.call(providerFactories, name);
}
