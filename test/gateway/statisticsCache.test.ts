import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tokenFor } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { type SmallNetwork, startFinlandBehindGateway, startProcess, tempDir } from '../support/services';

/**
 * The gateway's statistics cache (docs/benchmarks.md, "Statistics cache"), adversarially: an answer
 * cached for one caller's scope is never given to a caller of another scope (another country's token,
 * another role, another purpose); any write to the country's store makes the next answer fresh; a
 * person-level read is never looked up in the cache at all.
 */

const STATISTICS = '{ countries { code statistics(year: 2023, groupBy: [SEX]) { sex value suppressed } } }';

/** The sum of `statistics_cache_requests_total` samples with these labels in the gateway's metrics. */
async function cacheCount(gatewayUrl: string, result: 'hit' | 'miss'): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^statistics_cache_requests_total\{([^}]*)\} (\S+)$/.exec(line);
    if (match && (match[1] as string).includes(`result="${result}"`)) total += Number(match[2]);
  }
  return total;
}

/** The answer's errors besides the directory's members that run no service (only Finland runs here). */
const problems = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (response.errors ?? []).filter((e) => e.extensions?.code !== 'COUNTRY_NOT_CONNECTED');

const finnishStatistics = (response: { data?: any }) =>
  (response.data?.countries as { code: string; statistics: unknown }[]).find((c) => c.code === 'FI')
    ?.statistics;

describe('the statistics cache of the Nordic gateway', () => {
  const dir = tempDir('statistics-cache');
  const database = join(dir, 'fi.sqlite');
  let net: SmallNetwork;
  let gateway: string;
  const counts = async () => ({
    hit: await cacheCount(net.gateway.url, 'hit'),
    miss: await cacheCount(net.gateway.url, 'miss'),
  });

  beforeAll(async () => {
    net = await startFinlandBehindGateway(dir, { seed: true, database: `sqlite:${database}` });
    gateway = `${net.gateway.url}/graphql`;
  }, 180_000);
  afterAll(() => net?.stop());

  it('serves a repeated statistics question from the cache while the data is unchanged', async () => {
    const token = await tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-analyst-1' });
    const before = await counts();
    const first = await postGraphql(gateway, STATISTICS, undefined, { token, purpose: 'STATISTICS' });
    expect(problems(first)).toEqual([]);
    const second = await postGraphql(gateway, STATISTICS, undefined, { token, purpose: 'STATISTICS' });
    expect(second).toEqual(first);
    // Another analyst of the same scope (only the subject differs) shares the answer.
    const colleague = await tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-analyst-2' });
    const third = await postGraphql(gateway, STATISTICS, undefined, {
      token: colleague,
      purpose: 'STATISTICS',
    });
    expect(third).toEqual(first);
    expect(await counts()).toEqual({ hit: before.hit + 2, miss: before.miss + 1 });
  });

  it("never gives one scope's cached answer to a caller of another scope", async () => {
    const analyst = await tokenFor({ country: 'FI', roles: ['ANALYST'] });
    await postGraphql(gateway, STATISTICS, undefined, { token: analyst, purpose: 'STATISTICS' });
    await postGraphql(gateway, STATISTICS, undefined, { token: analyst, purpose: 'STATISTICS' });

    // A role that may not read statistics is refused by Finland, not served the analyst's answer.
    const linkage = await tokenFor({ country: 'FI', roles: ['LINKAGE_SERVICE'] });
    const before = await counts();
    const refused = await postGraphql(gateway, STATISTICS, undefined, {
      token: linkage,
      purpose: 'STATISTICS',
    });
    expect(finnishStatistics(refused)).toBeNull();
    expect(problems(refused).map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    // Each other scope is asked of Finland in full (a miss), never served from another's entry.
    const others: { token: string; purpose: string }[] = [
      { token: await tokenFor({ country: 'SE', roles: ['ANALYST'] }), purpose: 'STATISTICS' },
      { token: await tokenFor({ country: 'FI', roles: ['NATIONAL_RAPPORTEUR'] }), purpose: 'STATISTICS' },
      {
        token: await tokenFor({ country: 'FI', roles: ['ANALYST'], organisation: 'FI:Organisation:other' }),
        purpose: 'STATISTICS',
      },
      { token: analyst, purpose: 'INDEPENDENT_MONITORING' },
    ];
    for (const other of others) {
      const answer = await postGraphql(gateway, STATISTICS, undefined, other);
      expect(problems(answer)).toEqual([]);
    }
    expect(await counts()).toEqual({ hit: before.hit, miss: before.miss + 1 + others.length });
  });

  it('answers afresh after any write to the country’s store, including one made behind the service', async () => {
    const token = await tokenFor({ country: 'FI', roles: ['DASHBOARD'] });
    const cached = await postGraphql(gateway, STATISTICS, undefined, { token, purpose: 'STATISTICS' });
    await postGraphql(gateway, STATISTICS, undefined, { token, purpose: 'STATISTICS' });
    const before = await counts();
    // An operator moves every 2023 case to 1999 in SQL: the 2023 statistics change.
    const db = new Database(database);
    try {
      const moved = db.prepare('UPDATE cases SET opened_year = 1999 WHERE opened_year = 2023').run().changes;
      expect(moved).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    const fresh = await postGraphql(gateway, STATISTICS, undefined, { token, purpose: 'STATISTICS' });
    expect(problems(fresh)).toEqual([]);
    expect(finnishStatistics(fresh)).not.toEqual(finnishStatistics(cached));
    expect(await counts()).toEqual({ hit: before.hit, miss: before.miss + 1 });
    // …and the fresh answer is what is cached from then on.
    expect(await postGraphql(gateway, STATISTICS, undefined, { token, purpose: 'STATISTICS' })).toEqual(
      fresh,
    );
    expect(await counts()).toEqual({ hit: before.hit + 1, miss: before.miss + 1 });
  });

  it('is shared through Redis by gateways (workers, replicas) configured with it', async () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    const config = join(dir, 'gateway.json');
    const [one, two] = await Promise.all([
      startProcess('gateway/dist/main.js', ['--config', config], redis),
      startProcess('gateway/dist/main.js', ['--config', config], redis),
    ]);
    try {
      // A scope no other test uses, so that no earlier run's entry in the shared Redis is at play.
      const token = await tokenFor({
        country: 'FI',
        roles: ['ANALYST'],
        organisation: `FI:Organisation:redis-${process.pid}-${Date.now()}`,
      });
      const first = await postGraphql(`${one.url}/graphql`, STATISTICS, undefined, {
        token,
        purpose: 'STATISTICS',
      });
      expect(problems(first)).toEqual([]);
      const second = await postGraphql(`${two.url}/graphql`, STATISTICS, undefined, {
        token,
        purpose: 'STATISTICS',
      });
      expect(second).toEqual(first);
      expect(await cacheCount(one.url, 'miss')).toBe(1);
      expect(await cacheCount(two.url, 'hit')).toBe(1);
      expect(await cacheCount(two.url, 'miss')).toBe(0);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it('tells a caller whether the data changed, never how many writes there were', async () => {
    const token = await tokenFor({ country: 'FI', roles: ['ANALYST'] });
    const version = async () => {
      const response = await fetch(`${net.finland.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-purpose': 'STATISTICS',
          'x-data-version': '*',
        },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      return ((await response.json()) as { extensions?: { dataVersion?: string } }).extensions?.dataVersion;
    };
    const before = await version();
    const db = new Database(database);
    try {
      db.prepare(
        'UPDATE cases SET opened_month = opened_month WHERE id = (SELECT id FROM cases LIMIT 1)',
      ).run();
    } finally {
      db.close();
    }
    const after = await version();
    // An opaque label (a hash), not "<epoch>.<counter>": equality is all the cache needs.
    expect(before).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(after).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(after).not.toBe(before);
  });

  it('never looks a person-level read up in the cache: each one reaches the country and sees its data', async () => {
    const token = await tokenFor({ country: 'FI', roles: ['NATIONAL_COORDINATOR'] });
    const page = await postGraphql(
      gateway,
      '{ cases(first: 1, countries: [FI]) { nodes { id } } }',
      undefined,
      {
        token,
      },
    );
    const id = (page.data as any)?.cases?.[0]?.nodes?.[0]?.id as string;
    expect(id).toMatch(/^FI:Case:/);
    const read = `{ case(id: "${id}") { id openedMonth } }`;
    const before = await counts();
    const first = await postGraphql(gateway, read, undefined, { token });
    const db = new Database(database);
    try {
      const local = id.split(':').slice(2).join(':');
      db.prepare("UPDATE cases SET opened_month = '1998-01' WHERE id IN (?, ?)").run(id, local);
    } finally {
      db.close();
    }
    const second = await postGraphql(gateway, read, undefined, { token });
    expect((first.data as any).case.openedMonth).not.toBe('1998-01');
    expect((second.data as any).case.openedMonth).toBe('1998-01');
    expect(await counts()).toEqual(before);
  });
});
