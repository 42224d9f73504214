import { tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { PrivatePostgres } from '../support/privatePostgres';
import { type RunningProcess, startNational } from '../support/services';

/**
 * A national service whose PostgreSQL server is stopped and started again by an operator: while it is
 * down, requests get `STORE_UNAVAILABLE` (not the driver's text with hosts and ports); once it is back,
 * the same service answers again without being restarted.
 */
describe('a national service while its PostgreSQL restarts', () => {
  const postgres = new PrivatePostgres();
  let finland: RunningProcess;
  const CASES = '{ cases(countries: [FI], first: 3) { totalCount nodes { id } } }';

  beforeAll(async () => {
    await postgres.create();
    finland = await startNational({ country: 'FI', database: await postgres.database('fi') });
  }, 120_000);
  afterAll(async () => {
    await finland?.stop();
    await postgres.destroy();
  });

  it('answers STORE_UNAVAILABLE while the database is down and answers again once it is back', async () => {
    const url = `${finland.url}/graphql`;
    const before = await postGraphql(url, CASES);
    expect(before.errors).toBeUndefined();
    const total = (before.data?.cases as any)[0].totalCount as number;
    expect(total).toBeGreaterThan(0);

    await postgres.stop();
    const down = await postGraphql(url, CASES);
    expect(errorCodes(down)).toEqual(['STORE_UNAVAILABLE']);
    const message = down.errors?.[0]?.message ?? '';
    expect(message).toContain("FI's case database cannot be reached");
    // The driver's text (host, port, errno) stays in the service.
    expect(message).not.toMatch(/127\.0\.0\.1|ECONN|\d{4,5}/);
    expect(JSON.stringify(down.errors)).not.toContain(String(postgres.port));
    // So does a request that asks for the data version first, as the gateway's statistics cache does.
    const token = await tokenFor({ country: 'FI', roles: ['NATIONAL_COORDINATOR'] });
    const asked = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
        'x-data-version': '*',
      },
      body: JSON.stringify({ query: CASES }),
    });
    const cached = (await asked.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(cached.errors?.map((e) => e.extensions?.code)).toEqual(['STORE_UNAVAILABLE']);
    // The service's log says why, with the driver's code only (its stdout may reach us after the answer).
    const storeLine = /"log":"store".*"code":"(ECONNREFUSED|57P0\d|08\d{3})"/;
    expect(await finland.outputShows((output) => storeLine.test(output))).toMatch(storeLine);

    await postgres.start();
    const after = await postGraphql(url, CASES);
    expect(after.errors).toBeUndefined();
    expect((after.data?.cases as any)[0].totalCount).toBe(total);
  });
});
