/**
 * The simulator's providers, one per key of the provider registry (the type checker asks for a stand-in for
 * every provider): each answers its protocol under `/<name>` and, when the provider delivers callbacks, builds
 * the callback body for a finished task.
 */
import type { ProviderName } from '../provider/factories';
import { handleDashScope } from './dashscope.sim';
import { evolinkTaskBody, handleEvolink } from './evolink.sim';
import { handleKie, kieCallbackBody } from './kie.sim';
import { handleQwen } from './qwen.sim';
import type { SimRequest, SimResponse } from './sim-http';
import type { SimTask, TaskStore } from './task-store';

export interface SimulatedProvider {
  handle(req: SimRequest, store: TaskStore): SimResponse | undefined;
  /** absent for providers that are polled only */
  callbackBody?(task: SimTask, store: TaskStore): Record<string, unknown>;
}

export const simulatedProviders: Record<ProviderName, SimulatedProvider> = {
  // Qwen lives on the DashScope account, so under `/dashscope` too
  dashscope: { handle: (req, store) => handleQwen(req) ?? handleDashScope(req, store) },
  evolink: { handle: handleEvolink, callbackBody: evolinkTaskBody },
  kie: { handle: handleKie, callbackBody: kieCallbackBody },
};

export function simulatedProvider(name: string): SimulatedProvider | undefined {
  return Object.prototype.hasOwnProperty.call(simulatedProviders, name) ? simulatedProviders[name as ProviderName] : undefined;
}
