import { join } from 'node:path';
import { tokenFor } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { type RunningProcess, startNational, tempDir } from '../support/services';

const DIMENSIONS = ['SEX', 'AGE_GROUP', 'CITIZENSHIP_GROUP', 'EXPLOITATION_GROUP', 'REGISTERING_ORG_TYPE'];

/**
 * An analyst tries to recover a suppressed cell by differencing two allowed queries: the year's total
 * (no breakdown) minus the visible cells of a one-dimensional breakdown. That works only if exactly one
 * cell of the breakdown is hidden — which secondary suppression never allows.
 */
describe('differencing attacks on statistics', () => {
  const dir = tempDir('differencing');
  const services: Record<string, RunningProcess> = {};
  let analyst: Record<string, string>;

  beforeAll(async () => {
    for (const country of ['IS', 'NO']) {
      services[country] = await startNational({
        country,
        database: `sqlite:${join(dir, `${country}.sqlite`)}`,
      });
    }
    analyst = {
      IS: await tokenFor({ country: 'IS', roles: ['ANALYST'] }),
      NO: await tokenFor({ country: 'NO', roles: ['ANALYST'] }),
    };
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
  });

  async function statistics(country: string, year: number, groupBy: string[]): Promise<any[]> {
    const response = await postGraphql(
      `${services[country]!.url}/graphql`,
      `query($g: [StatisticDimension!]) { _entities(representations: [{ __typename: "Country", code: "${country}" }]) {
          ... on Country { statistics(year: ${year}, groupBy: $g) { value suppressed suppression } } } }`,
      { g: groupBy },
      { token: analyst[country], purpose: null },
    );
    expect(response.errors).toBeUndefined();
    return (response.data as any)._entities[0].statistics;
  }

  it.each(['IS', 'NO'])(
    'never lets total − visible cells reveal a single hidden cell (%s, 2019–2025, every 1-D breakdown)',
    async (country) => {
      let attempts = 0;
      let hiddenSeen = 0;
      for (let year = 2019; year <= 2025; year++) {
        const [total] = await statistics(country, year, []);
        for (const dimension of DIMENSIONS) {
          const cells = await statistics(country, year, [dimension]);
          const hidden = cells.filter((c) => c.suppressed);
          hiddenSeen += hidden.length;
          attempts += 1;
          if (total.suppressed || hidden.length === 0) continue;
          const remainder =
            total.value - cells.filter((c) => !c.suppressed).reduce((sum, c) => sum + c.value, 0);
          // The attack succeeds exactly when one hidden cell absorbs the whole remainder.
          expect({ country, year, dimension, hidden: hidden.length, remainder }).not.toMatchObject({
            hidden: 1,
          });
        }
      }
      expect(attempts).toBe(35);
      expect(hiddenSeen).toBeGreaterThan(0); // the small countries do have small cells to protect
    },
  );
});
