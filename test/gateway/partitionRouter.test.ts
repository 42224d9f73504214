import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CountryRegistry } from '../../gateway/src/countries/countryRegistry';
import { PartitionedDataSource } from '../../gateway/src/routing/partitionedDataSource';
import { readRouteTable } from '../../gateway/src/routing/routeTable';
import { countryTransport } from '../../gateway/src/transport/countryTransport';
import { coordinatorOf, defaultTestToken } from '../support/auth';
import { CountryProxy } from '../support/countryProxy';
import { freePort } from '../support/nordicNetwork';
import { type RunningProcess, startNational, tempDir } from '../support/services';

/**
 * The partition router on its own, fed fetch operations the way the query planner sends them, in
 * front of real Finnish and Swedish services (each behind a recording proxy) and a Norwegian address
 * where nothing listens.
 */
describe('the partition router', () => {
  const dir = tempDir('router');
  let fi: RunningProcess;
  let se: RunningProcess;
  const proxies: Record<string, CountryProxy> = {};
  let national: PartitionedDataSource;
  let registry: CountryRegistry;
  let fiCases: string[];
  let seCases: string[];
  /** What the router reported per entity fetch (the gateway turns it into `/metrics` counters). */
  const representationCounts: { subgraph: string; planned: number; sent: number }[] = [];

  beforeAll(async () => {
    [fi, se] = await Promise.all([
      startNational({ country: 'FI', database: `sqlite:${join(dir, 'fi.sqlite')}` }),
      startNational({ country: 'SE', database: `sqlite:${join(dir, 'se.sqlite')}` }),
    ]);
    proxies.FI = new CountryProxy(fi.url);
    proxies.SE = new CountryProxy(se.url);
    await Promise.all([proxies.FI.start(), proxies.SE.start()]);
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    registry = new CountryRegistry(
      [
        {
          code: 'FI',
          national: `${proxies.FI.url}/graphql`,
          crossborder: `${proxies.FI.url}/crossborder/graphql`,
          timeoutMs: 2000,
        },
        {
          code: 'SE',
          national: `${proxies.SE.url}/graphql`,
          crossborder: `${proxies.SE.url}/crossborder/graphql`,
          timeoutMs: 2000,
        },
        {
          code: 'NO',
          national: `${nowhere}/graphql`,
          crossborder: `${nowhere}/crossborder/graphql`,
          timeoutMs: 2000,
        },
      ],
      { failureThreshold: 100, resetAfterMs: 1000 },
    );
    const sdl = readFileSync(join(__dirname, '..', '..', 'schema', 'national.graphql'), 'utf8');
    national = new PartitionedDataSource(
      'national',
      readRouteTable('national', sdl),
      registry,
      countryTransport({ observer: registry }),
      (subgraph, planned, sent) => representationCounts.push({ subgraph, planned, sent }),
    );
    const post = async (url: string, query: string, token: string) =>
      (await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
        },
        body: JSON.stringify({ query }),
      }).then((x) => x.json())) as any;
    // The caller is a Finnish coordinator: Finnish cases, and Swedish cases linked to Finnish ones
    // (the only Swedish cases Sweden shows a Finnish caller).
    const [finnish, linkedSwedish] = await Promise.all([
      post(`${proxies.FI.url}/graphql`, '{ cases(first: 5) { nodes { id } } }', await defaultTestToken()),
      post(
        `${proxies.SE.url}/crossborder/graphql`,
        '{ caseLinks(with: [FI]) { caseA { id } } }',
        await coordinatorOf('SE'),
      ),
    ]);
    fiCases = finnish.data.cases[0].nodes.map((n: any) => n.id);
    seCases = [...new Set<string>(linkedSwedish.data.caseLinks.map((l: any) => l.caseA.id))].slice(0, 5);
    expect(seCases.length).toBeGreaterThanOrEqual(2);
  });

  afterAll(async () => {
    await registry.close();
    await Promise.all([fi?.stop(), se?.stop(), proxies.FI?.close(), proxies.SE?.close()]);
  });

  beforeEach(() => {
    for (const proxy of Object.values(proxies)) {
      proxy.requests.length = 0;
      proxy.rewriteAnswer = null;
      proxy.delayMs = 0;
    }
  });

  // What the gateway hands the data source: the fetch, plus the caller's request (for its token).
  const fetchAs = async (
    query: string,
    variables: Record<string, unknown> = {},
    deadline: number | null = null,
  ) =>
    national.process({
      request: { query, variables },
      context: { deadline },
      kind: 'INCOMING_OPERATION',
      incomingRequestContext: {
        request: {
          http: {
            headers: new Map([
              ['authorization', `Bearer ${await defaultTestToken()}`],
              ['x-purpose', 'VICTIM_ASSISTANCE_CONTINUITY'],
            ]),
          },
        },
      },
    } as unknown as GraphQLDataSourceProcessOptions<Record<string, unknown>>) as Promise<{
      data?: any;
      errors?: any[];
    }>;

  const ENTITIES =
    'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Case { id country } ... on Country { code statistics(year: 2023) { value } } } }';

  it('sends each representation to its owner once, one request per country, and answers in the original order', async () => {
    const representations = [fiCases[0], seCases[0], fiCases[1], fiCases[0], seCases[1], seCases[0]].map(
      (id) => ({ __typename: 'Case', id }),
    );
    representationCounts.length = 0;
    const answer = await fetchAs(ENTITIES, { representations });
    expect(answer.errors).toBeUndefined();
    expect(answer.data._entities.map((e: any) => e.id)).toEqual(representations.map((r) => r.id));
    expect(representationCounts).toEqual([{ subgraph: 'national', planned: 6, sent: 4 }]);
    expect(proxies.FI!.requests).toHaveLength(1);
    expect(proxies.SE!.requests).toHaveLength(1);
    expect(proxies.FI!.requests[0]!.body.variables?.representations).toEqual(
      [fiCases[0], fiCases[1]].map((id) => ({ __typename: 'Case', id })),
    );
    expect(proxies.SE!.requests[0]!.body.variables?.representations).toEqual(
      [seCases[0], seCases[1]].map((id) => ({ __typename: 'Case', id })),
    );
  });

  it('never sends an unroutable or unconnected representation anywhere: null with a clear error', async () => {
    const representations = [
      { __typename: 'Case', id: fiCases[0] },
      { __typename: 'Case', id: 'nonsense' },
      { __typename: 'Country', code: 'AX' },
    ];
    const answer = await fetchAs(ENTITIES, { representations });
    expect(answer.data._entities[0].id).toBe(fiCases[0]);
    expect(answer.data._entities.slice(1)).toEqual([null, null]);
    expect(answer.errors!.map((e) => [e.extensions.code, e.path])).toEqual(
      expect.arrayContaining([
        ['UNROUTABLE', ['_entities', 1]],
        ['COUNTRY_NOT_CONNECTED', ['_entities', 2]],
      ]),
    );
    expect(proxies.SE!.requests).toHaveLength(0);
  });

  it("re-indexes a country's entity errors to every original position, keeping its code and naming the country", async () => {
    const representations = [
      { __typename: 'Country', code: 'SE' },
      { __typename: 'Country', code: 'FI' },
      { __typename: 'Country', code: 'FI' },
    ];
    const query =
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Country { statistics(year: 1900) { value } } } }';
    const answer = await fetchAs(query, { representations });
    const fiErrors = answer.errors!.filter((e) => e.extensions.country === 'FI');
    expect(fiErrors.map((e) => e.path)).toEqual([
      ['_entities', 1, 'statistics'],
      ['_entities', 2, 'statistics'],
    ]);
    expect(fiErrors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(fiErrors[0].message).toMatch(/year must be between/);
  });

  it('routes root fields by response key: aliases, fragments and variables reach only the countries they concern', async () => {
    const query = `query Mixed($id: ID!, $status: [ReferralStatus!]) {
      one: case(id: $id) { ...CaseFields }
      all: referrals(direction: OUTGOING, countries: [SE, FI], status: $status) { fromCountry }
      __typename
    }
    fragment CaseFields on Case { id status }`;
    const answer = await fetchAs(query, { id: fiCases[2], status: ['ACCEPTED'] });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.one.id).toBe(fiCases[2]);
    // Network order: Finland's referrals, then what Sweden sent (to Finland: all a Finn may see).
    const senders = answer.data.all.map((r: any) => r.fromCountry as string);
    expect(senders.indexOf('SE')).toBeGreaterThan(senders.lastIndexOf('FI'));
    expect(new Set(senders)).toEqual(new Set(['FI', 'SE']));
    expect(answer.data.__typename).toBe('Query');
    const toSweden = proxies.SE!.requests[0]!.body.query as string;
    expect(toSweden).not.toMatch(/case\(|CaseFields|\$id/);
    expect(proxies.FI!.requests[0]!.body.query).toMatch(/one: case\(id: \$id\)/);
  });

  it("shifts a country's error paths inside a scattered list to the merged position", async () => {
    proxies.SE!.rewriteAnswer = (answer) => ({
      ...answer,
      errors: [
        {
          message: 'a field failed in Sweden',
          path: ['sent', 1, 'id'],
          extensions: { code: 'TEST' },
        },
      ],
    });
    const answer = await fetchAs('{ sent: referrals(direction: OUTGOING) { id fromCountry } }');
    const finnish = answer.data.sent.filter((r: any) => r.fromCountry === 'FI').length;
    expect(finnish).toBeGreaterThan(0);
    expect(answer.data.sent[finnish].fromCountry).toBe('SE');
    const swedish = answer.errors!.find((e) => e.extensions.country === 'SE');
    expect(swedish.path).toEqual(['sent', finnish + 1, 'id']);
    const norway = answer.errors!.find((e) => e.extensions.country === 'NO');
    expect(norway.extensions.code).toBe('COUNTRY_UNAVAILABLE');
    expect(norway.message).toMatch(/NO is unavailable: connection refused/);
  });

  it('answers __typename without asking any country, and refuses a malformed id without sending it', async () => {
    const typename = await fetchAs('{ __typename }');
    expect(typename).toEqual({ data: { __typename: 'Query' } });
    const malformed = await fetchAs('{ case(id: "no-country-here") { id } }');
    expect(malformed.data.case).toBeNull();
    expect(malformed.errors![0].extensions.code).toBe('INVALID_GLOBAL_ID');
    expect(proxies.FI!.requests).toHaveLength(0);
    expect(proxies.SE!.requests).toHaveLength(0);
  });

  it("gives no country longer than the client's time budget, tells each country what is left, and does not hold a budget's timeout against the country", async () => {
    proxies.SE!.delayMs = 1000;
    const query = '{ referrals(direction: OUTGOING, countries: [FI, SE]) { fromCountry } }';
    for (let i = 0; i < 4; i++) {
      const answer = await fetchAs(query, {}, performance.now() + 400);
      expect(answer.data.referrals.length).toBeGreaterThan(0);
      expect(new Set(answer.data.referrals.map((r: any) => r.fromCountry))).toEqual(new Set(['FI']));
      expect(answer.errors!.map((e) => [e.extensions.code, e.extensions.country])).toEqual([
        ['COUNTRY_TIMEOUT', 'SE'],
      ]);
      expect(answer.errors![0].message).toMatch(
        /SE did not answer within the \d+ ms left of the request's time budget/,
      );
    }
    // Each country heard how long it had: at most the 400 ms budget, not its own 2 s timeout.
    const budget = Number(proxies.FI!.requests[0]!.headers['x-time-budget-ms']);
    expect(budget).toBeGreaterThan(0);
    expect(budget).toBeLessThanOrEqual(400);
    // Four budget timeouts in a row did not open Sweden's circuit (threshold 100 here, so check the count).
    expect(registry.client('SE')).toMatchObject({ breaker: { state: 'closed', failures: 0 } });
    // Without a budget, the country's own timeout applies and the header says so.
    proxies.SE!.delayMs = 0;
    proxies.FI!.requests.length = 0;
    await fetchAs(query);
    expect(proxies.FI!.requests[0]!.headers['x-time-budget-ms']).toBe('2000');
  });
});
