import { parse } from 'graphql';
import { analyseOperation } from '../../gateway/src/routing/analyseOperation';
import { CountryClient, CountryFailure, type GraphqlResult } from '../../gateway/src/countries/countryClient';
import type { CountryCallObserver } from '../../gateway/src/countries/countryClient';
import type { RoutingLogEntry } from '../../gateway/src/logs/routingLog';
import {
  composeFetch,
  type CountryFetch,
  type FetchHandler,
  type FetchHook,
} from '../../gateway/src/transport/countryFetch';
import { InFlightRequests } from '../../gateway/src/transport/inFlightRequests';
import { useCircuitBreaker } from '../../gateway/src/transport/useCircuitBreaker';
import { useCountryObserver } from '../../gateway/src/transport/useCountryObserver';
import { useInFlightDedupe } from '../../gateway/src/transport/useInFlightDedupe';
import { usePropagateHeaders } from '../../gateway/src/transport/usePropagateHeaders';
import { useRefusal } from '../../gateway/src/transport/useRefusal';
import { useRoutingLog } from '../../gateway/src/transport/useRoutingLog';
import { useTimeBudget } from '../../gateway/src/transport/useTimeBudget';
import { useTracing } from '../../gateway/src/transport/useTracing';

/*
 * Each behaviour of a country fetch on its own, in process: no service, no socket, no waiting. The
 * partition router's tests (test/gateway/partitionRouter.test.ts) and the e2e suites cover them
 * together over real HTTP.
 */

const clients: CountryClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));

/** A client whose pool is never used here (the terminal handler is a fake); it carries the breaker. */
function clientOf(country: string, failureThreshold = 2): CountryClient {
  const client = new CountryClient(
    {
      code: country,
      national: 'http://127.0.0.1:9/graphql',
      crossborder: 'http://127.0.0.1:9/crossborder/graphql',
      timeoutMs: 2000,
    },
    { failureThreshold, resetAfterMs: 60_000 },
  );
  clients.push(client);
  return client;
}

function headersOf(values: Record<string, string>) {
  return { get: (name: string) => values[name.toLowerCase()] ?? null };
}

function fetchOf(overrides: Partial<CountryFetch> = {}): CountryFetch {
  const client = overrides.client ?? clientOf('FI');
  return {
    client,
    country: 'FI',
    subgraph: 'national',
    body: { query: '{ statistics { value } }', variables: { year: 2024 } },
    isMutation: false,
    incoming: headersOf({ authorization: 'Bearer a' }),
    deadline: null,
    route: { kind: 'root', fields: ['statistics'], representations: 0, requestingCountry: 'SE' },
    headers: {},
    timeoutMs: 2000,
    byBudget: false,
    ...overrides,
  };
}

/** A terminal handler that records what reached it and answers as told. */
function recordingSend(answer: () => Promise<GraphqlResult> = async () => ({ data: { ok: true } })) {
  const seen: CountryFetch[] = [];
  const send: FetchHandler = (fetch) => {
    seen.push({ ...fetch, headers: { ...fetch.headers } });
    return answer();
  };
  return { seen, send };
}

const timeout = () =>
  new CountryFailure('COUNTRY_TIMEOUT', 'FI did not answer within its timeout of 2000 ms.');

describe('composeFetch', () => {
  it('runs the hooks outermost first, each around the next', async () => {
    const order: string[] = [];
    const hook =
      (name: string): FetchHook =>
      async (fetch, next) => {
        order.push(`${name} in`);
        const answer = await next(fetch);
        order.push(`${name} out`);
        return answer;
      };
    const { send } = recordingSend();
    await composeFetch([hook('a'), hook('b')], async (f) => (order.push('send'), send(f)))(fetchOf());
    expect(order).toEqual(['a in', 'b in', 'send', 'b out', 'a out']);
  });
});

describe('usePropagateHeaders', () => {
  it("passes on the caller's credentials, purpose and trace context, and nothing else", async () => {
    const { seen, send } = recordingSend();
    const incoming = headersOf({
      authorization: 'Bearer t',
      'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
      'x-request-id': 'r1',
      cookie: 'session=secret',
      'x-forwarded-for': '10.0.0.1',
      host: 'gateway',
    });
    await composeFetch([usePropagateHeaders()], send)(fetchOf({ incoming }));
    expect(seen[0]?.headers).toEqual({
      authorization: 'Bearer t',
      'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
      'x-request-id': 'r1',
    });
  });
});

describe('useTimeBudget', () => {
  const clock = { now: 10_000 };
  const budget = () => composeFetch([useTimeBudget(() => clock.now)], recordingSend().send);

  it('gives the country its own timeout when the client has no budget, and says so in a header', async () => {
    const { seen, send } = recordingSend();
    await composeFetch([useTimeBudget(() => clock.now)], send)(fetchOf({ deadline: null }));
    expect(seen[0]).toMatchObject({
      timeoutMs: 2000,
      byBudget: false,
      headers: { 'x-time-budget-ms': '2000' },
    });
  });

  it("gives the country only what is left of the client's budget when that is less", async () => {
    const { seen, send } = recordingSend();
    await composeFetch([useTimeBudget(() => clock.now)], send)(fetchOf({ deadline: clock.now + 300.7 }));
    expect(seen[0]).toMatchObject({ timeoutMs: 300, byBudget: true, headers: { 'x-time-budget-ms': '300' } });
  });

  it('does not ask a country once the budget is spent', async () => {
    const { seen, send } = recordingSend();
    await expect(
      composeFetch([useTimeBudget(() => clock.now)], send)(fetchOf({ deadline: clock.now - 1 })),
    ).rejects.toMatchObject({ code: 'COUNTRY_TIMEOUT', message: expect.stringMatching(/was not asked/) });
    expect(seen).toHaveLength(0);
    await expect(budget()(fetchOf({ deadline: clock.now }))).rejects.toBeInstanceOf(CountryFailure);
  });
});

describe('useCircuitBreaker', () => {
  it('stops calling a country after its failures, failing fast as COUNTRY_UNAVAILABLE', async () => {
    const client = clientOf('FI', 2);
    let calls = 0;
    const failing = composeFetch([useCircuitBreaker()], async () => {
      calls += 1;
      throw timeout();
    });
    await expect(failing(fetchOf({ client }))).rejects.toMatchObject({ code: 'COUNTRY_TIMEOUT' });
    await expect(failing(fetchOf({ client }))).rejects.toMatchObject({ code: 'COUNTRY_TIMEOUT' });
    await expect(failing(fetchOf({ client }))).rejects.toMatchObject({
      code: 'COUNTRY_UNAVAILABLE',
      message: expect.stringMatching(/circuit open/),
    });
    expect(calls).toBe(2);
    expect(client.breaker.state).toBe('open');
  });

  it("does not count a timeout that the client's budget set", async () => {
    const client = clientOf('FI', 1);
    const failing = composeFetch([useCircuitBreaker()], async () => {
      throw timeout();
    });
    await expect(failing(fetchOf({ client, byBudget: true }))).rejects.toMatchObject({
      code: 'COUNTRY_TIMEOUT',
    });
    expect(client.breaker.state).toBe('closed');
  });

  it('closes again on a success', async () => {
    const client = clientOf('FI', 2);
    let fail = true;
    const flaky = composeFetch([useCircuitBreaker()], async () => {
      if (fail) throw timeout();
      return { data: {} };
    });
    await expect(flaky(fetchOf({ client }))).rejects.toBeInstanceOf(CountryFailure);
    fail = false;
    await flaky(fetchOf({ client }));
    fail = true;
    await expect(flaky(fetchOf({ client }))).rejects.toMatchObject({ code: 'COUNTRY_TIMEOUT' });
    expect(client.breaker.state).toBe('closed');
  });
});

describe('useInFlightDedupe', () => {
  /** A terminal handler that holds every request until released, so fetches overlap for certain. */
  function heldSend() {
    const held: (() => void)[] = [];
    const seen: CountryFetch[] = [];
    const send: FetchHandler = (fetch) =>
      new Promise((resolve) => {
        seen.push(fetch);
        held.push(() => resolve({ data: { n: seen.length } }));
      });
    return { seen, send, release: () => held.splice(0).forEach((r) => r()) };
  }
  const twice = async (a: CountryFetch, b: CountryFetch) => {
    const { seen, send, release } = heldSend();
    const handler = composeFetch([usePropagateHeaders(), useInFlightDedupe(new InFlightRequests())], send);
    const answers = Promise.all([handler(a), handler(b)]);
    release();
    const [first, second] = await answers;
    return { sent: seen.length, first, second };
  };

  it('sends two identical aggregate queries in flight together once, each caller getting its own copy', async () => {
    const { sent, first, second } = await twice(fetchOf(), fetchOf());
    expect(sent).toBe(1);
    expect(first).toEqual(second);
    expect(first).not.toBe(second);
  });

  it.each([
    ['different tokens', fetchOf(), fetchOf({ incoming: headersOf({ authorization: 'Bearer b' }) })],
    [
      'person-level reads (a declared purpose: each is audited on its own)',
      fetchOf({ incoming: headersOf({ authorization: 'Bearer a', 'x-purpose': 'LAW_ENFORCEMENT' }) }),
      fetchOf({ incoming: headersOf({ authorization: 'Bearer a', 'x-purpose': 'LAW_ENFORCEMENT' }) }),
    ],
    ['mutations', fetchOf({ isMutation: true }), fetchOf({ isMutation: true })],
    [
      'different variables',
      fetchOf(),
      fetchOf({ body: { query: '{ statistics { value } }', variables: { year: 2023 } } }),
    ],
    ['different countries', fetchOf(), fetchOf({ country: 'SE', client: clientOf('SE') })],
  ])('never shares between %s', async (_name, a, b) => {
    expect((await twice(a, b)).sent).toBe(2);
  });
});

describe('useRoutingLog and useRefusal', () => {
  it('logs each fetch with its outcome and never what was asked or answered', async () => {
    const entries: RoutingLogEntry[] = [];
    const log = composeFetch(
      [
        useRoutingLog(
          (e) => entries.push(e),
          () => 0,
        ),
      ],
      async () => ({
        data: { cases: [] },
        errors: [{ message: 'one country part failed' }],
      }),
    );
    await log(fetchOf({ incoming: headersOf({ authorization: 'Bearer secret', 'x-request-id': 'req-7' }) }));
    expect(entries).toEqual([
      {
        traceId: 'req-7',
        requestingCountry: 'SE',
        servingCountry: 'FI',
        subgraph: 'national',
        kind: 'root',
        fields: ['statistics'],
        representations: 0,
        outcome: 'ANSWERED_WITH_ERRORS',
        latencyMs: 0,
      },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/secret|2024|one country part/);
  });

  it('refuses a country the registry refuses, without sending, and logs the refusal', async () => {
    const entries: RoutingLogEntry[] = [];
    const { seen, send } = recordingSend();
    const handler = composeFetch([useRoutingLog((e) => entries.push(e)), useRefusal()], send);
    await expect(
      handler(
        fetchOf({
          country: 'AX',
          client: {
            code: 'COUNTRY_NOT_CONNECTED',
            message: 'AX is in the network directory but runs no national service.',
          },
        }),
      ),
    ).rejects.toMatchObject({ code: 'COUNTRY_NOT_CONNECTED' });
    expect(seen).toHaveLength(0);
    expect(entries.map((e) => [e.servingCountry, e.outcome])).toEqual([['AX', 'COUNTRY_NOT_CONNECTED']]);
  });
});

describe('useCountryObserver and useTracing', () => {
  it("tells the registry each sent fetch's outcome and latency", async () => {
    const heard: string[] = [];
    const observer: CountryCallObserver = {
      onSuccess: (country, latencyMs) => heard.push(`${country} ok ${latencyMs}`),
      onFailure: (country, failure) => heard.push(`${country} ${failure.code}`),
    };
    let t = 0;
    const clock = () => (t += 5);
    await composeFetch([useCountryObserver(observer, clock)], recordingSend().send)(fetchOf());
    await expect(
      composeFetch([useCountryObserver(observer, clock)], async () => {
        throw timeout();
      })(fetchOf()),
    ).rejects.toBeInstanceOf(CountryFailure);
    expect(heard).toEqual(['FI ok 5', 'FI COUNTRY_TIMEOUT']);
  });

  it('passes answers and failures through unchanged (with tracing off, the span is a no-op)', async () => {
    const answer = { data: { cases: [1] } };
    await expect(composeFetch([useTracing()], async () => answer)(fetchOf())).resolves.toBe(answer);
    const failure = timeout();
    await expect(
      composeFetch([useTracing()], async () => {
        throw failure;
      })(fetchOf()),
    ).rejects.toBe(failure);
  });
});

describe('analyseOperation', () => {
  it("uses the planner's own document when it has one, parsing nothing", () => {
    const query = '{ a: cases(first: 1) { totalCount } b: statistics { value } }';
    const planned = parse(query);
    const first = analyseOperation('not parsed: the planned document is used', null, planned);
    expect(first.rootFields.map((f) => f.responseKey)).toEqual(['a', 'b']);
    expect(analyseOperation('still not parsed', null, planned)).toBe(first);
    expect(analyseOperation(query).rootFields.map((f) => f.responseKey)).toEqual(['a', 'b']);
  });
});
