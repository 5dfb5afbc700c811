/**
 * Reading fields from a parsed body where no DTO is declared yet (the admin console's list editors, the WeChat
 * pushes). Routes with a DTO (src/dto/) read typed fields instead. A field of the wrong type reads as missing.
 */

export type Body = Record<string, unknown>;

export function asBody(raw: unknown): Body {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Body) : {};
}

export function field(body: Body, name: string): string | undefined {
  const v = body[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A trimmed optional text field, '' → undefined. */
export function text(body: Body, name: string): string | undefined {
  const v = field(body, name)?.trim();
  return v ? v : undefined;
}
