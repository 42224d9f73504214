import { caseRecordProblems } from '../../subgraphs/national/src/caseRecords/caseRecordProblems';
import { syntheticImportRecord } from '../../subgraphs/national/src/import/syntheticImportFile';
import { expectedCaseCount, generateCases } from '../../subgraphs/national/src/seed/generateCases';
import { SEED_COUNTRIES, type SeedCountry } from '../../subgraphs/national/src/seed/seedCountries';
import type { SyntheticCase } from '../../subgraphs/national/src/seed/syntheticCase';

/*
 * The synthetic generator must produce only cases the network's own case-record validation accepts
 * (the rules the write API and the bulk import enforce, caseRecordProblems.ts): otherwise the seeded
 * stores hold records no national team could have written, and statistics count impossible people.
 * In memory: each generated case is turned into a record by syntheticImportFile.ts, as the import benchmark does.
 */

const YEARS = { yearFrom: 2019, yearTo: 2025 };
/** Cases checked per country: several thousand, so that a rule broken by ~0.1% of cases shows. */
const CASES_PER_COUNTRY = 4000;
/** The latest month the generator writes for 2025 is 2026-06 (six months' horizon): no month may be in the future. */
const context = (country: string) => ({ country, today: '2026-12' });

function casesOf(country: SeedCountry): SyntheticCase[] {
  const perScaleOne = expectedCaseCount(country, { ...YEARS, scale: 1 });
  const scale = Math.max(1, (CASES_PER_COUNTRY / perScaleOne) * 1.05);
  const out: SyntheticCase[] = [];
  for (const c of generateCases(country, { ...YEARS, scale })) {
    if (out.length >= CASES_PER_COUNTRY) break;
    out.push(c);
  }
  return out;
}

describe.each(SEED_COUNTRIES)('synthetic cases of %s', (country) => {
  it('all pass the network’s own case-record validation', () => {
    const cases = casesOf(country);
    expect(cases).toHaveLength(CASES_PER_COUNTRY);
    const rejected: string[] = [];
    cases.forEach((c, i) => {
      const checked = caseRecordProblems(syntheticImportRecord(c, i + 1), context(country));
      if ('problems' in checked) {
        for (const p of checked.problems) rejected.push(`${c.local} ${p.field} ${p.code}: ${p.message}`);
      }
    });
    expect(rejected).toEqual([]);
  });
});
