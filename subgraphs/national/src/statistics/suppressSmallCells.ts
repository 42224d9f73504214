import type { SuppressionReason } from '@nordic/schema';

export interface Cell {
  value: number | null;
  suppressed: boolean;
  suppression: SuppressionReason | null;
}

/**
 * Primary small-cell suppression (DOMAIN §4.6): a count from 1 to threshold-1 is never returned as a
 * number. Zero is a true zero and stays visible.
 */
export function suppressSmallCell(count: number, threshold: number): Cell {
  if (count >= 1 && count < threshold)
    return { value: null, suppressed: true, suppression: 'PRIMARY_SMALL_CELL' };
  return { value: count, suppressed: false, suppression: null };
}
