/**
 * Reading fields from a parsed body (JSON, urlencoded or multipart all arrive as a plain object).
 * Unknown fields are ignored; a field of the wrong type reads as missing.
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
