/**
 * Path parameters, declared on the route (`@Param('id', [idParam('用户不存在')]) id: number`): each reader takes the raw
 * segment and answers junk — non-numeric, absurd, overlong — with our own 4xx before anything reaches the database.
 * Job and pack ids need none: an id of the wrong shape is looked up as unknown (404), like someone else's.
 */
import { notFound, validation } from '../error/app.error';

const MAX_ID = 2_147_483_647;
const ORDER_NO = /^[0-9A-Za-z_-]{1,32}$/;

/** A whole number from a `: number` parameter (the router has read it with Number(): NaN for text) or from its digits. */
const wholeNumber = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : NaN);

/** A numeric row id (1 … 2^31-1); anything else is the same 404 as an id nobody has. */
export const idParam =
  (message: string) =>
  (v: unknown): number => {
    const n = wholeNumber(v);
    if (!Number.isInteger(n) || n < 1 || n > MAX_ID) throw notFound(message);
    return n;
  };

/** An order number as we make them (letters, digits, _ and -, at most 32). */
export const orderNoParam = (v: unknown): string => {
  if (typeof v !== 'string' || !ORDER_NO.test(v)) throw validation('订单号格式不正确');
  return v;
};

/** A pack's sticker slot, 0–15. */
export const slotParam = (v: unknown): number => {
  const n = wholeNumber(v);
  if (!Number.isInteger(n) || n < 0 || n > 15) throw validation('slot 无效');
  return n;
};
