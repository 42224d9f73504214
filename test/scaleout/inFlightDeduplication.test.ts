import { coordinatorOf, tokenFor } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { NordicNetwork } from '../support/nordicNetwork';

/**
 * In-flight deduplication at the partition router: identical country fetches on the wire at the same
 * time share one HTTP request, but only between callers with the same token and purpose. Finland's
 * proxy holds each request for a while, so that every client request below reaches the gateway while
 * the first one is still waiting for Finland.
 */
describe('identical country fetches in flight', () => {
  const network = new NordicNetwork({ backend: 'sqlite', schemaCheckIntervalSeconds: 3600 });
  const query = '{ cases(countries: [FI], first: 3) { totalCount nodes { id status } } }';
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

  it('five identical queries from one coordinator cost Finland one request, and all five get the same answer', async () => {
    const token = await coordinatorOf('FI');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postGraphql(network.gatewayUrl, query, undefined, { token })),
    );
    expect(finlandQueries()).toHaveLength(1);
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(answers[0]?.data);
    }
    expect((answers[0]?.data as any).cases[0].nodes.length).toBeGreaterThan(0);
    // The four that waited are counted as shared in the gateway's metrics.
    const metrics = await (await fetch(`${network.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^country_fetches_shared_total\{country="FI",subgraph="national"[^}]*\} 4$/m);
  });

  it('two coordinators with different tokens never share a request', async () => {
    const [first, second] = await Promise.all([
      coordinatorOf('FI'),
      tokenFor({
        country: 'FI',
        roles: ['NATIONAL_COORDINATOR'],
        subject: 'fi-second-coordinator',
        ttlSeconds: 3600,
      }),
    ]);
    await Promise.all([
      postGraphql(network.gatewayUrl, query, undefined, { token: first }),
      postGraphql(network.gatewayUrl, query, undefined, { token: second }),
      postGraphql(network.gatewayUrl, query, undefined, { token: first }),
    ]);
    const authorizations = finlandQueries().map((r) => r.headers.authorization);
    expect(authorizations).toHaveLength(2);
    expect(new Set(authorizations)).toEqual(new Set([`Bearer ${first}`, `Bearer ${second}`]));
  });

  it('the same token with another purpose is another request', async () => {
    const token = await coordinatorOf('FI');
    await Promise.all([
      postGraphql(network.gatewayUrl, query, undefined, { token, purpose: 'VICTIM_ASSISTANCE_CONTINUITY' }),
      postGraphql(network.gatewayUrl, query, undefined, { token, purpose: 'DUPLICATE_CHECK' }),
    ]);
    expect(
      finlandQueries()
        .map((r) => r.headers['x-purpose'])
        .sort(),
    ).toEqual(['DUPLICATE_CHECK', 'VICTIM_ASSISTANCE_CONTINUITY']);
  });
});
