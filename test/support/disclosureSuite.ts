import { join } from 'node:path';
import { tokenFor } from './auth';
import { type AttackReport, DisclosureAttack } from './disclosureAttack';
import { type RunningProcess, startNational, tempDir } from './services';

/**
 * The analyst is assumed to make any number of requests: a service's query limits change only how
 * many requests a harvest takes, not what it can harvest, so the services under attack lift them and
 * the harvest asks for many tables in one request (aliases of `_entities`).
 */
export const HARVEST_IN_FEW_REQUESTS: NodeJS.ProcessEnv = {
  NATIONAL_MAX_ALIASES: '10000',
  NATIONAL_MAX_ROOT_FIELDS: '1000',
  NATIONAL_MAX_COST: '100000000',
};

/** One country of the seeded network and the span of years whose every published table is attacked. */
export interface AttackScope {
  country: string;
  yearFrom: number;
  yearTo: number;
}

/**
 * The disclosure guarantee of cell-key perturbation (docs/disclosure-control.md): an analyst who
 * harvests every table the API offers for a span of years (every single year, every range of flows and
 * referral metrics, byYear, every groupBy of at most three breakdowns for all seven measures, every
 * export table) and solves all published equations together (HiGHS linear programming, with the stated
 * noise bound) cannot pin any cell whose true count is from 1 to threshold-1 to its exact value.
 * Statistics ranges are not harvested separately: the API always breaks them down by year, into the
 * same cells as the single years (the consistency test proves the values equal).
 */
export function describeDisclosureAttack(scopes: readonly AttackScope[]): void {
  describe('disclosure attack on every published statistic (cell-key perturbation)', () => {
    const dir = tempDir('disclosure');
    const services: Record<string, RunningProcess> = {};
    const reports: AttackReport[] = [];

    beforeAll(async () => {
      await Promise.all(
        scopes.map(async ({ country }) => {
          services[country] = await startNational({
            country,
            database: `sqlite:${join(dir, `${country}.sqlite`)}`,
            env: HARVEST_IN_FEW_REQUESTS,
          });
        }),
      );
    });

    afterAll(async () => {
      await Promise.all(Object.values(services).map((s) => s.stop()));
      if (reports.length > 0)
        console.log(JSON.stringify(reports.map((r) => ({ ...r, pinned: r.pinned.length }))));
    });

    it.each(scopes)(
      'pins no cell of 1…threshold-1 in $country from all tables of $yearFrom–$yearTo together (LP attack)',
      async ({ country, yearFrom, yearTo }) => {
        const token = await tokenFor({ country, roles: ['ANALYST'] });
        const attack = new DisclosureAttack(
          country,
          `${services[country]!.url}/graphql`,
          token,
          join(dir, `${country}.sqlite`),
          yearFrom,
          yearTo,
        );
        const report = await attack.run();
        reports.push(report);
        // The attack had material: many tables, and small cells to aim at.
        expect(report.publishedCells).toBeGreaterThan(500);
        expect(report.smallCells).toBeGreaterThan(0);
        // Proven non-zero is allowed (a count published as 5 is at least 2); an exact small count is not.
        expect(report.pinned.slice(0, 10)).toEqual([]);
      },
    );
  });
}
