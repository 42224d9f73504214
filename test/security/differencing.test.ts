import { join } from 'node:path';
import { tokenFor } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { BREAKDOWNS, everyGroupBy } from '../support/disclosureAttack';
import { HARVEST_IN_FEW_REQUESTS, describeDisclosureAttack } from '../support/disclosureSuite';
import { type RunningProcess, startNational, tempDir } from '../support/services';

/**
 * The disclosure attack (test/support/disclosureSuite.ts) on Iceland, the smallest country of the seeded
 * network, over 2023–2025; the other four countries are attacked in differencingNordic.test.ts.
 */
describeDisclosureAttack([{ country: 'IS', yearFrom: 2023, yearTo: 2025 }]);

/**
 * Consistency: the same cell has the same published value whatever asks for it — another groupBy
 * order, an alias in the same request, a range instead of a single year, the Eurostat export instead
 * of the statistics field, byYear instead of a one-year period, or the same query again.
 */
describe('cell-key perturbation gives one value per cell, whatever the query', () => {
  const dir = tempDir('consistency');
  let dk: RunningProcess;
  let token: string;

  beforeAll(async () => {
    dk = await startNational({
      country: 'DK',
      database: `sqlite:${join(dir, 'dk.sqlite')}`,
      env: HARVEST_IN_FEW_REQUESTS,
    });
    token = await tokenFor({ country: 'DK', roles: ['ANALYST'] });
  });

  afterAll(() => dk?.stop());

  async function ask(body: string): Promise<any> {
    const response = await postGraphql(
      `${dk.url}/graphql`,
      `{ _entities(representations: [{ __typename: "Country", code: "DK" }]) { ... on Country { ${body} } } }`,
      undefined,
      { token, purpose: null },
    );
    expect(response.errors).toBeUndefined();
    return (response.data as any)._entities[0];
  }

  const FIELDS = Object.values(BREAKDOWNS)
    .map((b) => b.field)
    .join(' ');
  /** A statistics answer as cell → value, the cell named by year and its breakdown values. */
  const cells = (rows: any[]) =>
    new Map(
      rows.map((r) => [
        JSON.stringify([r.year, ...Object.values(BREAKDOWNS).map((b) => r[b.field])]),
        r.value as number,
      ]),
    );

  it('answers every groupBy the same in every order, under two aliases, for a single year and within a range', async () => {
    const sets = everyGroupBy().filter((set) => set.length > 0);
    for (const measure of ['REGISTERED_VICTIMS', 'SUSPECTS', 'CROSS_BORDER_REFERRALS']) {
      const fields = sets
        .map(
          (set, i) =>
            `a${i}: statistics(year: 2024, measure: ${measure}, groupBy: [${set.join(', ')}]) { year ${FIELDS} value }
             b${i}: statistics(year: 2024, measure: ${measure}, groupBy: [${[...set].reverse().join(', ')}]) { year ${FIELDS} value }
             r${i}: statistics(year: 2022, yearTo: 2025, measure: ${measure}, groupBy: [YEAR, ${set.join(', ')}]) { year ${FIELDS} value }`,
        )
        .join('\n');
      const answer = await ask(fields);
      const again = await ask(fields);
      expect(again).toEqual(answer);
      sets.forEach((_, i) => {
        const single = cells(answer[`a${i}`]);
        expect(cells(answer[`b${i}`])).toEqual(single);
        const inRange = cells(answer[`r${i}`].filter((r: any) => r.year === 2024));
        expect(inRange).toEqual(single);
      });
    }
  });

  it('gives the Eurostat export the statistics values, and a period of flows and referral metrics its byYear values', async () => {
    const answer = await ask(`
      export: eurostatExport(year: 2024) { table measure dimensions rows { year ${FIELDS} value } }
      flowsByYear: routeFlows(year: 2022, yearTo: 2024, byYear: true) { yearFrom from to value }
      flows2023: routeFlows(year: 2023) { yearFrom from to value }
      metricsByYear: referralMetrics(year: 2019, yearTo: 2025, byYear: true) { yearFrom toCountry sent { value } accepted { value } declined { value } }
      ${[2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => `metrics${y}: referralMetrics(year: ${y}) { yearFrom toCountry sent { value } accepted { value } declined { value } }`).join('\n')}
    `);
    for (const table of answer.export) {
      if (['PROSECUTED', 'CONVICTED'].includes(table.measure)) continue;
      const direct = await ask(
        `statistics(year: 2024, measure: ${table.measure}, groupBy: [${table.dimensions.join(', ')}]) { year ${FIELDS} value }`,
      );
      expect(cells(table.rows)).toEqual(cells(direct.statistics));
    }
    const of2023 = (rows: any[]) => rows.filter((r) => r.yearFrom === 2023);
    expect(answer.flows2023.length).toBeGreaterThan(0);
    expect(answer.flows2023).toEqual(of2023(answer.flowsByYear));
    expect(answer.metricsByYear.length).toBeGreaterThan(0);
    for (let year = 2019; year <= 2025; year++)
      expect(answer[`metrics${year}`]).toEqual(answer.metricsByYear.filter((r: any) => r.yearFrom === year));
  });
});
