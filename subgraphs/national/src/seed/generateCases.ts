import { type SeedCountry } from './seedCountries';
import { CaseBuilder } from './caseBuilder';
import { yearPlan } from './crossBorderPlan';
import type { SeedOptions, SyntheticCase } from './syntheticCase';
import { validateOptions, yearLayout } from './volumes';

export { generateLinks, generateReferrals } from './crossBorderRecords';
export { expectedCaseCount } from './volumes';

/**
 * Streams `country`'s synthetic cases for the years of `options`, in local-id order (year, then index;
 * indices run in opening-month order). Deterministic: each case depends only on (country, year, index,
 * scale), so seeding 2019–2025 and 2023–2025 gives the same 2023 cases. A generator, because at scale
 * 400 FI alone yields about a million cases.
 */
export function* generateCases(country: SeedCountry, options: SeedOptions): Generator<SyntheticCase> {
  validateOptions(options);
  const builder = new CaseBuilder(country);
  for (let year = options.yearFrom; year <= options.yearTo; year++) {
    const layout = yearLayout(country, year, options.scale);
    if (layout.count === 0) continue;
    const planned = yearPlan(year, options.scale).sides[country];
    let month = 1;
    for (let index = 1; index <= layout.count; index++) {
      // monthStart[month] is the first index of the following month.
      while (index >= (layout.monthStart[month] as number)) month++;
      yield builder.build(layout, index, month, planned.get(index));
    }
  }
}
