/**
 * Building blocks for declared DTOs (`@Rule` from @midwayjs/validate, joi underneath). A rule built with `says` or `mustRead`
 * answers our own error — a stable code and the exact message (seed 001's texts included) — instead of joi's
 * wording; the error filter maps every validation failure to the envelope of the route's family.
 */
import { RuleType } from '@midwayjs/validate';
import { parseCaptionStyle } from '@app/shared';
import { AppError, validation } from '../error/app.error';

/** Every failure of the rule is VALIDATION_FAILED with this message (and the field name in details). */
export const says = (message: string, field?: string) => () => validation(message, field ? { field } : undefined);

/** A form field as text: a string as sent, a JSON number as its digits; any other type reads as missing. */
export const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/** An optional text field: trimmed, '' reads as missing (form posts and JSON clients send the same fields). */
export const optionalText = () => RuleType.any().custom(v => asText(v)?.trim() || undefined);

/** The optional captionStyle field (a JSON object, or its string form from a form post), parsed by shared/. */
export const captionStyleRule = (field?: string) =>
  RuleType.any().custom(value => {
    if (value === undefined || value === null || value === '') return undefined;
    const style = parseCaptionStyle(value);
    if ('error' in style) throw validation(style.error, field ? { field } : undefined); // joi keeps it as the failure's context.error
    return style;
  });

/** `read`, with its validation failures naming `field` in details (for forms that point at the field). */
export const inField =
  <T>(field: string, read: (v: unknown) => T) =>
  (v: unknown): T => {
    try {
      return read(v);
    } catch (e) {
      if (e instanceof AppError && !e.details) throw new AppError(e.errorCode, e.message, { status: e.status, details: { field } });
      throw e;
    }
  };

/** A required text field taken as sent, at most `max` characters; missing, another type or longer → `message`. */
export const requiredText = (message: string, max: number) =>
  mustRead(v => {
    const t = asText(v);
    if (!t || t.length > max) throw validation(message);
    return t;
  });

/** An optional form field taken as sent (not trimmed, '' kept): passwords, phones. */
export const formField = () => RuleType.any().custom(v => asText(v));

/**
 * A required field read by `read`, which throws our own error for a bad value — and for a missing one too (joi
 * skips custom rules for absent fields, so `required` asks `read` what to answer).
 */
export const mustRead = <T>(read: (value: unknown) => T) =>
  RuleType.any()
    .required()
    .custom(value => read(value))
    .error(errors => {
      const first = (errors as { code?: string }[])[0];
      if (first?.code !== 'any.required') return errors as unknown as Error; // joi also takes its reports back; a custom rule's own error is unwrapped by the filter
      try {
        read(undefined);
      } catch (e) {
        return e as Error;
      }
      return errors as unknown as Error;
    });
