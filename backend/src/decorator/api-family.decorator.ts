import { getClassMetadata, RouterInfo, saveClassMetadata } from '@midwayjs/core';

/**
 * Which envelope a route's errors come out in, by the audience the route was written for:
 * - `seed001-users`: seed 001 §2.1 `{code:1, message}` with the contract's English texts
 * - `seed001-video`: seed 001 §2.2–2.3 `{error, code}`
 * - `app`: the app envelope from shared/ `{code, message, requestId, details?}` (the default)
 */
export type ApiFamily = 'seed001-users' | 'seed001-video' | 'app';

const FAMILY_KEY = 'app:api-family';

/** method name → family; `*` is the whole controller's */
type FamilyTable = Record<string, ApiFamily>;

/**
 * Declares the envelope family of a controller (on the class) or of one route (on a method, which wins).
 * The error filter reads it from the matched route, so errors thrown before the controller runs (auth,
 * body parsing) answer in the same family as the route's own answers.
 */
export function Family(family: ApiFamily) {
  return (target: object, method?: string | symbol) => {
    const clz = method === undefined ? target : target.constructor;
    saveClassMetadata(FAMILY_KEY, { [method === undefined ? '*' : String(method)]: family }, clz, true);
  };
}

/** The family of a matched route; `app` when nothing matched or nothing was declared. */
export function familyOf(route: RouterInfo | undefined): ApiFamily {
  if (!route?.controllerClz) return 'app';
  const table = getClassMetadata<FamilyTable | undefined>(FAMILY_KEY, route.controllerClz);
  if (!table) return 'app';
  return (typeof route.method === 'string' ? table[route.method] : undefined) ?? table['*'] ?? 'app';
}
