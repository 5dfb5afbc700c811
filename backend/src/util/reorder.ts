import type { ShowcaseMove } from '@app/shared';

/**
 * An operator's "move" on an ordered list (the showcase, the templates): where the item at `from` goes, and the
 * list in its new order. The caller writes positions 0..n-1 back for the rows whose position changed.
 */
export function reorder<T>(list: readonly T[], from: number, direction: ShowcaseMove): { to: number; order: T[] } {
  const last = list.length - 1;
  const to = direction === 'top' ? 0 : direction === 'bottom' ? last : direction === 'up' ? Math.max(0, from - 1) : Math.min(last, from + 1);
  const order = [...list];
  const [item] = order.splice(from, 1);
  order.splice(to, 0, item as T);
  return { to, order };
}
