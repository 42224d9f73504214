import { type SeedCountry } from './seedCountries';
import { PROFILES } from './distributions';
import { GENERATOR_SALT, Rng, Stream, hashString } from './random';
import type { SeedOptions } from './syntheticCase';

/*
 * How many cases a country opens in a year and in which month each case index falls. Everything here is
 * a pure function of (country, year, scale): the cross-border plan needs every country's counts without
 * generating a single case, and a year must come out the same whichever year range is seeded.
 */

const COUNTRY_SALT: Readonly<Record<SeedCountry, number>> = {
  FI: hashString('FI') ^ GENERATOR_SALT,
  SE: hashString('SE') ^ GENERATOR_SALT,
  NO: hashString('NO') ^ GENERATOR_SALT,
  DK: hashString('DK') ^ GENERATOR_SALT,
  IS: hashString('IS') ^ GENERATOR_SALT,
};

export function countrySalt(country: SeedCountry): number {
  return COUNTRY_SALT[country];
}

/**
 * Seedable years. The YearMonth scalar takes 1900–2999; the margins keep derived months (exploitation
 * up to three years before opening, reflection periods after it) inside that range too.
 */
const MIN_YEAR = 1910;
const MAX_YEAR = 2990;
/** At scale 500 FI opens ~185 000 cases a year; the cap only stops absurd inputs from exhausting memory. */
const MAX_SCALE = 10_000;

export function validateOptions(options: SeedOptions): void {
  const { yearFrom, yearTo, scale } = options;
  if (!Number.isInteger(yearFrom) || !Number.isInteger(yearTo) || yearFrom < MIN_YEAR || yearTo > MAX_YEAR) {
    throw new RangeError(`seed years must be integers in ${MIN_YEAR}–${MAX_YEAR}, got ${yearFrom}–${yearTo}`);
  }
  if (yearFrom > yearTo) throw new RangeError(`yearFrom ${yearFrom} is after yearTo ${yearTo}`);
  if (!Number.isFinite(scale) || scale < 0 || scale > MAX_SCALE) {
    throw new RangeError(`scale must be a number in 0–${MAX_SCALE}, got ${scale}`);
  }
}

/** Cases opened in `year`: a calibrated figure within the country's range, times scale, at least 1 if scale > 0. */
export function casesInYear(country: SeedCountry, year: number, scale: number): number {
  if (scale <= 0) return 0;
  const [lo, hi] = PROFILES[country].yearlyCases;
  const base = new Rng(COUNTRY_SALT[country], year, 0, Stream.YEAR_COUNT).range(lo, hi);
  return Math.max(1, Math.round(base * scale));
}

export interface YearLayout {
  readonly country: SeedCountry;
  readonly year: number;
  readonly count: number;
  /** Digits of the zero-padded index in local ids: 6, or 7 for a year above 999 999 cases. */
  readonly padWidth: number;
  /** monthStart[m - 1] is the first case index opened in month m; monthStart[12] is count + 1. */
  readonly monthStart: Int32Array;
}

const layoutCache = new Map<string, YearLayout>();
const LAYOUT_CACHE_LIMIT = 512;

/**
 * Splits the year's cases over the months (largest-remainder rounding of seasonal weights with a little
 * per-year noise). Case indices run in opening order, as in a register that numbers cases as they come.
 */
export function yearLayout(country: SeedCountry, year: number, scale: number): YearLayout {
  const key = `${country}:${year}:${scale}`;
  const cached = layoutCache.get(key);
  if (cached) return cached;

  const count = casesInYear(country, year, scale);
  const rng = new Rng(COUNTRY_SALT[country], year, 0, Stream.MONTH_QUOTA);
  const weights = PROFILES[country].monthWeights.map((w) => w * (0.85 + 0.3 * rng.next()));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (count * w) / total);
  const quota = exact.map(Math.floor);
  let remainder = count - quota.reduce((sum, q) => sum + q, 0);
  const byFraction = exact
    .map((x, month) => ({ month, fraction: x - Math.floor(x) }))
    .sort((a, b) => b.fraction - a.fraction || a.month - b.month);
  for (const { month } of byFraction) {
    if (remainder-- <= 0) break;
    quota[month] = (quota[month] as number) + 1;
  }

  const monthStart = new Int32Array(13);
  let next = 1;
  for (let m = 0; m < 12; m++) {
    monthStart[m] = next;
    next += quota[m] as number;
  }
  monthStart[12] = next;

  const layout: YearLayout = { country, year, count, padWidth: count > 999_999 ? 7 : 6, monthStart };
  if (layoutCache.size >= LAYOUT_CACHE_LIMIT) layoutCache.clear();
  layoutCache.set(key, layout);
  return layout;
}

/** Local id of a case: `<year>-<index padded to the year's width>`. */
export function caseLocal(layout: YearLayout, index: number): string {
  return `${layout.year}-${String(index).padStart(layout.padWidth, '0')}`;
}

/** Exactly how many cases generateCases yields for these options. */
export function expectedCaseCount(country: SeedCountry, options: SeedOptions): number {
  validateOptions(options);
  let total = 0;
  for (let year = options.yearFrom; year <= options.yearTo; year++)
    total += casesInYear(country, year, options.scale);
  return total;
}
