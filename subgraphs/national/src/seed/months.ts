/**
 * Year-month arithmetic on ordinals (year * 12 + month - 1). Synthetic data carries months only, never
 * days, and the generator formats millions of them: strings are cached per ordinal instead of being
 * rebuilt with padStart for every case.
 */

const FIRST_CACHED_YEAR = 1900;
const CACHED_YEARS = 1100;
/** Pre-filled so the array stays packed (a sparse one falls back to slow dictionary elements). */
const cache: (string | undefined)[] = new Array<string | undefined>(CACHED_YEARS * 12).fill(undefined);

export function monthOrdinal(year: number, month: number): number {
  return year * 12 + month - 1;
}

export function yearOfOrdinal(ordinal: number): number {
  return Math.floor(ordinal / 12);
}

/** 1..12 */
export function monthOfOrdinal(ordinal: number): number {
  return (ordinal % 12) + 1;
}

/** "YYYY-MM" of an ordinal. */
export function yearMonth(ordinal: number): string {
  const slot = ordinal - FIRST_CACHED_YEAR * 12;
  const inCache = slot >= 0 && slot < cache.length;
  const hit = inCache ? cache[slot] : undefined;
  if (hit !== undefined) return hit;
  const month = monthOfOrdinal(ordinal);
  const text = `${yearOfOrdinal(ordinal)}-${month < 10 ? '0' : ''}${month}`;
  if (inCache) cache[slot] = text;
  return text;
}
