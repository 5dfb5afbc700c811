/**
 * Reading fields from a parsed body (JSON, urlencoded or multipart all arrive as a plain object).
 * Unknown fields are ignored; a field of the wrong type reads as missing.
 */
import { CaptionStyle, parseCaptionStyle } from '@app/shared';
import { validation } from '../error/app.error';

export type Body = Record<string, unknown>;

/** The optional captionStyle field (a JSON object, or its string form from a form post); 400 when malformed. */
export function captionStyle(body: Body): CaptionStyle | undefined {
  if (body.captionStyle === undefined || body.captionStyle === null || body.captionStyle === '') return undefined;
  const style = parseCaptionStyle(body.captionStyle);
  if ('error' in style) throw validation(style.error);
  return style;
}

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
