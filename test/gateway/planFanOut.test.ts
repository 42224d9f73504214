import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import {
  DEEP_QUERY,
  PLAIN_SUBGRAPHS,
  type PlainSubgraphName,
  type RunningSubgraph,
  composePlainSupergraph,
  startPlainSubgraph,
} from '../../gateway/src/bench/plainSubgraphs';
import { tokenFor } from '../support/auth';
import { type GraphqlResponse, postGraphql } from '../support/graphql';
import { type RunningProcess, startProcess, tempDir } from '../support/services';

/*
 * Plain mode (`--supergraph`) asks the subgraphs less than stock Apollo Gateway for the same answer:
 * the deep query of the plain-mode benchmark (users → reviews → product → reviews → author → reviews
 * → product, ~85 KiB) against four real Federation 2 subgraphs over HTTP, counted where the requests
 * land. The counts are deterministic (the plan is levelled and each step's fetches to one subgraph are
 * sent together); the speed is measured by `npm run bench:plain`, not here.
 */
describe('plain mode fan-out on a deep query with repeated entities', () => {
  const dir = tempDir('plain-fan-out');
  let subgraphs: RunningSubgraph[] = [];
  let gateway: RunningProcess;
  let stock: ApolloServer;
  let stockUrl = '';

  beforeAll(async () => {
    subgraphs = await Promise.all(PLAIN_SUBGRAPHS.map((name) => startPlainSubgraph(name)));
    const urls = Object.fromEntries(subgraphs.map((s) => [s.name, s.url])) as Record<
      PlainSubgraphName,
      string
    >;
    const supergraphSdl = composePlainSupergraph(urls);
    const file = join(dir, 'supergraph.graphql');
    writeFileSync(file, supergraphSdl);
    stock = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
    const started = await startStandaloneServer(stock, { listen: { port: 0, host: '127.0.0.1' } });
    stockUrl = started.url;
    gateway = await startProcess('gateway/dist/main.js', ['--supergraph', file, '--port', '0'], {
      // The deep query's cost (~100,000 with lists counted as 10) is over the default limit.
      GATEWAY_MAX_COST: '10000000',
      GATEWAY_RATE_LIMIT_POINTS: '1000000',
    });
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), stock?.stop(), ...subgraphs.map((s) => s.close())]);
  });

  /** Runs one query and returns its answer and what it cost each subgraph. */
  async function counted(url: string, query: string, token?: string) {
    for (const s of subgraphs) s.reset();
    const answer = await postGraphql(url, query, undefined, { purpose: null, ...(token ? { token } : {}) });
    const costs = Object.fromEntries(subgraphs.map((s) => [s.name, { ...s.counts }]));
    const total = subgraphs.reduce(
      (sum, s) => ({
        requests: sum.requests + s.counts.requests,
        representations: sum.representations + s.counts.representations,
      }),
      { requests: 0, representations: 0 },
    );
    return { answer, costs, total };
  }

  const withoutStatus = ({ status: _status, ...body }: GraphqlResponse) => body;

  it('answers the deep query exactly as stock Apollo Gateway does, with 6 subgraph requests carrying 23 representations instead of 16 carrying 352', async () => {
    const theirs = await counted(`${stockUrl}graphql`, DEEP_QUERY);
    const ours = await counted(`${gateway.url}/graphql`, DEEP_QUERY);

    expect(ours.answer.errors).toBeUndefined();
    expect(JSON.stringify(ours.answer.data).length).toBeGreaterThan(80_000);
    expect(withoutStatus(ours.answer)).toEqual(withoutStatus(theirs.answer));

    expect(theirs.total).toEqual({ requests: 16, representations: 352 });
    expect(ours.total).toEqual({ requests: 6, representations: 23 });
    // Where they went: one step per subgraph at most, each entity sent once per step.
    expect(ours.costs).toEqual({
      accounts: { requests: 2, representations: 2 },
      products: { requests: 2, representations: 5 },
      inventory: { requests: 1, representations: 5 },
      reviews: { requests: 1, representations: 11 },
    });
    // The same again (the levelled plan comes from the plan cache now).
    expect((await counted(`${gateway.url}/graphql`, DEEP_QUERY)).total).toEqual(ours.total);
  });

  it('puts errors of a batched entity fetch at the same paths as stock Apollo Gateway', async () => {
    // `warehouse` fails for products that are not in stock; it is asked alongside the inventory fetches.
    const query = `{
      topProducts { upc warehouse reviews { id product { upc inStock warehouse } } }
      users { id reviews { product { upc warehouse shippingEstimate } } }
    }`;
    const theirs = await counted(`${stockUrl}graphql`, query);
    const ours = await counted(`${gateway.url}/graphql`, query);
    expect(theirs.answer.errors?.length).toBeGreaterThan(0);
    expect(ours.answer.data).toEqual(theirs.answer.data);
    // The same errors at the same paths; their order follows the order the fetches ran in.
    const sorted = (answer: GraphqlResponse) => (answer.errors ?? []).map((e) => JSON.stringify(e)).sort();
    expect(sorted(ours.answer)).toEqual(sorted(theirs.answer));
    expect(ours.costs.inventory?.requests).toBe(1);
    expect(ours.total.representations).toBeLessThan(theirs.total.representations);
  });

  it('sends each person-level read (a declared purpose) on its own, even when an identical one is in flight for the same caller', async () => {
    // The subgraph audits each client read; so a fetch with x-purpose is never batched with, or
    // answered by, another client request's fetch: four reads cost four times one read.
    for (const s of subgraphs) s.reset();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => postGraphql(`${gateway.url}/graphql`, DEEP_QUERY)),
    );
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(subgraphs.reduce((sum, s) => sum + s.counts.requests, 0)).toBe(4 * 6);
    expect(subgraphs.reduce((sum, s) => sum + s.counts.representations, 0)).toBe(4 * 23);
  });

  it('never lets two callers share a subgraph request or an answer, even for the same query at the same time', async () => {
    const [alice, bob] = await Promise.all(
      ['fi-alice', 'fi-bob'].map((subject) =>
        tokenFor({ country: 'FI', roles: ['NATIONAL_COORDINATOR'], subject, ttlSeconds: 3600 }),
      ),
    );
    const query = `{ topProducts { upc seenBy reviews { product { upc seenBy } } } }`;
    const callers = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? alice : bob) as string);
    const answers = await Promise.all(
      callers.map((token) =>
        postGraphql(`${gateway.url}/graphql`, query, undefined, { token, purpose: null }),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer.errors).toBeUndefined();
      const seen = new Set<unknown>();
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object')
          for (const [key, inner] of Object.entries(value)) {
            if (key === 'seenBy') seen.add(inner);
            else walk(inner);
          }
      };
      walk(answer.data);
      // Every entity of this caller's answer was fetched with this caller's own token.
      expect([...seen]).toEqual([(callers[i] as string).slice(-12)]);
    });
  });
});
