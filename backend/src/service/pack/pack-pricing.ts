import type { PackQuote, PackSize, PackSubject } from '@app/shared';

/** The quote shown before paying: the sum of the stickers, less the pack discount (rounded to whole credits). */
export function quotePack(subject: PackSubject, size: PackSize, unitPrice: number, discountPercent: number): PackQuote {
  const subtotal = unitPrice * size;
  const total = Math.max(size, Math.round((subtotal * (100 - discountPercent)) / 100));
  return { subject, size, unitPrice, subtotal, discountPercent, total };
}

/** Each sticker's share of `total`: equal whole credits, the remainder on the first ones, summing to `total`. */
export function shares(total: number, count: number): number[] {
  const base = Math.floor(total / count);
  const extra = total - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}
