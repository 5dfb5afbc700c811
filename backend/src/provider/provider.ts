/**
 * The one provider interface. Each AI video provider (DashScope, evolink, kie) is one file implementing
 * VideoProvider with a real HTTP client whose base URL is configurable; with no API key the base URL points
 * at the local simulator, which speaks the same protocol.
 */

import type { ProviderName } from './factories';

export type { ProviderName } from './factories';

export interface VideoRequest {
  mode: 't2v' | 'i2v';
  /** the model name from the route configuration (never a code constant) */
  model: string;
  prompt: string;
  negativePrompt?: string;
  /** t2v: "W*H" (seed 001 appendix A) */
  size?: string;
  /** i2v: "480P" | "720P" */
  resolution?: string;
  /** i2v: a URL our storage serves, or a Data URI */
  imageUrl?: string;
  /** signed callback URL for providers that deliver callbacks */
  callbackUrl?: string;
}

/** Provider-independent task state. */
export type ProviderState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';

export interface ProviderTaskStatus {
  providerTaskId: string;
  state: ProviderState;
  /** 0–100 when the provider reports it */
  progress?: number;
  /** the MP4 on SUCCEEDED (expires: copy it to storage at once) */
  videoUrl?: string;
  errorCode?: string;
  errorMessage?: string;
  /** the provider refused the content (moderation); shown to users as CONTENT_REJECTED */
  contentRejected?: boolean;
  /** the parsed provider payload, kept for the admin console's status history */
  raw: unknown;
}

/**
 * Why a provider call failed, which decides what the pipeline does next:
 * - `retryable`: 5xx, network error, timeout → try the next route (failover) or later
 * - `rate_limited`: 429 → back off and retry the same route; never a user-visible failure by itself
 * - `rejected`: the user's input was refused (moderation, invalid parameters) → fail the task, no failover
 * - `config`: our setup is wrong (bad API key) → next route, alert operators
 */
export type ProviderErrorKind = 'retryable' | 'rate_limited' | 'rejected' | 'config';

export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName | 'qwen',
    readonly kind: ProviderErrorKind,
    message: string,
    /** unanswered: the request went out and no answer came back (timeout, connection lost) */
    readonly details: { status?: number; code?: string; retryAfterSeconds?: number; contentRejected?: boolean; unanswered?: boolean } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface VideoProvider {
  readonly name: ProviderName;
  /** true when this client talks to the local simulator (no API key configured) */
  readonly simulated: boolean;
  /** whether the provider POSTs a callback when a task finishes */
  readonly supportsCallback: boolean;
  create(req: VideoRequest): Promise<ProviderTaskStatus>;
  query(providerTaskId: string): Promise<ProviderTaskStatus>;
  /** Parses a callback body into a status; throws ProviderError('rejected') for a body it cannot read. */
  parseCallback(body: unknown): ProviderTaskStatus;
}

/** Qwen with web search: describes a character's appearance for the web-search sticker. */
export interface CharacterDescriber {
  readonly simulated: boolean;
  describe(input: { role: string; source?: string; action: string }): Promise<string>;
}
