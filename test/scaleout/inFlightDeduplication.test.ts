import { coordinatorOf, tokenFor } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { NordicNetwork } from '../support/nordicNetwork';

/**
 * In-flight deduplication at the partition router: identical country fetches of aggregates on the wire
 * at the same time share one HTTP request, but only between callers with the same token; a
 * person-level read (it declares a purpose) is never shared, so that Finland audits each one. Finland's
 * proxy holds each request for a while, so that every client request below reaches the gateway while
 * the first one is still waiting for Finland.
 */
describe('identical country fetches in flight', () => {
  const network = new NordicNetwork({ backend: 'sqlite', schemaCheckIntervalSeconds: 3600 });
  const query = '{ countries { code statistics(year: 2023, groupBy: [SEX]) { sex value suppressed } } }';
  const personLevel = '{ cases(countries: [FI], first: 3) { totalCount nodes { id status } } }';
  const analyst = () =>
    tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-analyst-dedup', ttlSeconds: 3600 });
  const finlandQueries = () =>
    network.proxy('FI').requests.filter((r) => r.path === '/graphql' && !r.body.query?.includes('_service'));

  beforeAll(async () => {
    await network.start();
  });

  afterAll(async () => {
    await network.stop();
  });

  beforeEach(() => {
    network.proxy('FI').requests.length = 0;
    network.proxy('FI').delayMs = 1500;
  });

  it('five identical statistics queries from one analyst cost Finland one request, and all five get the same answer', async () => {
    const token = await analyst();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        postGraphql(network.gatewayUrl, query, undefined, { token, purpose: null }),
      ),
    );
    expect(finlandQueries()).toHaveLength(1);
    for (const answer of answers) {
      expect(answer.errors?.filter((e) => e.extensions?.code !== 'COUNTRY_NOT_CONNECTED')).toEqual([]);
      expect(answer.data).toEqual(answers[0]?.data);
    }
    expect((answers[0]?.data as any).countries[0].statistics.length).toBeGreaterThan(0);
    // The four that waited are counted as shared in the gateway's metrics.
    const metrics = await (await fetch(`${network.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^country_fetches_shared_total\{country="FI",subgraph="national"[^}]*\} 4$/m);
  });

  it('two callers with different tokens never share a request', async () => {
    const [first, second] = await Promise.all([
      analyst(),
      tokenFor({ country: 'FI', roles: ['ANALYST'], subject: 'fi-second-analyst', ttlSeconds: 3600 }),
    ]);
    await Promise.all([
      postGraphql(network.gatewayUrl, query, undefined, { token: first, purpose: null }),
      postGraphql(network.gatewayUrl, query, undefined, { token: second, purpose: null }),
      postGraphql(network.gatewayUrl, query, undefined, { token: first, purpose: null }),
    ]);
    const authorizations = finlandQueries().map((r) => r.headers.authorization);
    expect(authorizations).toHaveLength(2);
    expect(new Set(authorizations)).toEqual(new Set([`Bearer ${first}`, `Bearer ${second}`]));
  });

  it('a person-level read is never shared: Finland gets, and audits, every one', async () => {
    const token = await coordinatorOf('FI');
    const answers = await Promise.all([
      postGraphql(network.gatewayUrl, personLevel, undefined, { token }),
      postGraphql(network.gatewayUrl, personLevel, undefined, { token }),
      postGraphql(network.gatewayUrl, personLevel, undefined, { token, purpose: 'DUPLICATE_CHECK' }),
    ]);
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined, undefined]);
    expect(
      finlandQueries()
        .map((r) => r.headers['x-purpose'])
        .sort(),
    ).toEqual(['DUPLICATE_CHECK', 'VICTIM_ASSISTANCE_CONTINUITY', 'VICTIM_ASSISTANCE_CONTINUITY']);
  });
});
