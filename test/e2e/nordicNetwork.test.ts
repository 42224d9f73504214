import { IDE_EXAMPLES, SENT_REFERRAL_PLACEHOLDER } from '../../gateway/src/ide/examples';
import { coordinatorOf, tokenFor } from '../support/auth';
import { type GraphqlResponse, errorCodes, postGraphql, countryFailures } from '../support/graphql';
import { type Backend, COUNTRIES, NordicNetwork } from '../support/nordicNetwork';

const backends: Backend[] = ['sqlite', 'postgres'];
const COUNTRY_TIMEOUT_MS = 4000;

/** The sum of a Prometheus metric's samples whose labels include all of `labels` (undefined when none). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = Object.fromEntries(
      [...(match[2] as string).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => own[k] === v)) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}

describe.each(backends)('the Nordic network through the gateway (%s)', (backend) => {
  // Room for the referral walkthrough's acceptance (gateway → FI → gateway → SE → gateway → FI) on a
  // busy CI host; a slow country is made slower than this.
  const network = new NordicNetwork({ backend, timeoutMs: COUNTRY_TIMEOUT_MS });

  /**
   * A question every country answers for a Finnish coordinator: each country's statistics (an entity
   * fetch per country) and the referrals each sent to Finland (a scattered root field).
   */
  const probeEveryCountry = () =>
    postGraphql(
      network.gatewayUrl,
      '{ countries { code statistics(year: 2023) { value } } referrals(direction: OUTGOING) { id } }',
    );
  /** The connected countries whose statistics came back, in network order. */
  const answering = (response: GraphqlResponse<any>): string[] =>
    (response.data?.countries as any[]).filter((c) => c.statistics !== null).map((c) => c.code);

  beforeAll(() => network.start(), 180_000);
  afterAll(() => network.stop());

  it('answers a Nordic statistics question from all five countries, and says which directory entries hold no data', async () => {
    const response = await postGraphql(
      network.gatewayUrl,
      `{ countries { code name statistics(year: 2023, groupBy: [EXPLOITATION_GROUP]) { country exploitationGroup value suppressed threshold } } }`,
    );
    const countries = response.data?.countries as any[];
    expect(countries.map((c) => c.code)).toEqual(['FI', 'SE', 'NO', 'DK', 'IS', 'AX', 'FO', 'GL']);
    for (const country of countries.slice(0, 5)) {
      expect(country.statistics.length).toBeGreaterThan(0);
      expect(
        country.statistics.every((row: any) => row.country === country.code && row.threshold === 5),
      ).toBe(true);
    }
    for (const country of countries.slice(5)) expect(country.statistics).toBeNull();
    const notConnected = (response.errors ?? []).filter(
      (e) => e.extensions?.code === 'COUNTRY_NOT_CONNECTED',
    );
    expect(notConnected.map((e) => e.extensions?.country).sort()).toEqual(['AX', 'FO', 'GL']);
    expect((response.errors ?? []).length).toBe(3);
  });

  it("pages a coordinator's own cases with totals and cursors, and refuses browsing the other countries one by one", async () => {
    const response = await postGraphql(
      network.gatewayUrl,
      `{ cases(first: 3) { country totalCount pageInfo { hasNextPage endCursor } nodes { id country } } }`,
      undefined,
      { token: await coordinatorOf('SE') },
    );
    const pages = response.data?.cases as any[];
    expect(pages.map((p) => p.country)).toEqual(['SE']);
    expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.country])).toEqual(
      COUNTRIES.filter((c) => c !== 'SE').map((c) => ['FORBIDDEN', c]),
    );
    const [se] = pages;
    expect(se.nodes).toHaveLength(3);
    expect(se.nodes.every((n: any) => n.id.startsWith('SE:Case:') && n.country === 'SE')).toBe(true);
    expect(se.totalCount).toBeGreaterThan(3);
    const next = await postGraphql(
      network.gatewayUrl,
      `query($after: String) { cases(countries: [SE], first: 3, after: $after) { country nodes { id } } }`,
      { after: se.pageInfo.endCursor },
      { token: await coordinatorOf('SE') },
    );
    const nextIds = (next.data?.cases as any[])[0].nodes.map((n: any) => n.id);
    expect(nextIds).toHaveLength(3);
    expect(nextIds.some((id: string) => se.nodes.map((n: any) => n.id).includes(id))).toBe(false);
  });

  it('answers case(id) from the country that owns it: all of it to its own coordinator, the summary of a linked case to a foreign one', async () => {
    const danish = await coordinatorOf('DK');
    const links = await postGraphql(
      network.gatewayUrl,
      `{ caseLinks(countries: [DK], with: [FI]) { caseA { id openedMonth } } }`,
      undefined,
      { token: danish },
    );
    const sample = (links.data?.caseLinks as any[])[0].caseA;
    const own = await postGraphql(
      network.gatewayUrl,
      `query($id: ID!) { case(id: $id) { id country openedMonth identification { status } } }`,
      { id: sample.id },
      { token: danish },
    );
    expect(own.errors).toBeUndefined();
    expect(own.data?.case).toMatchObject({ id: sample.id, country: 'DK', openedMonth: sample.openedMonth });
    const finnish = await postGraphql(
      network.gatewayUrl,
      `query($id: ID!) { case(id: $id) { id country openedMonth } }`,
      { id: sample.id },
    );
    expect(finnish.errors).toBeUndefined();
    expect(finnish.data?.case).toEqual({ id: sample.id, country: 'DK', openedMonth: sample.openedMonth });
  });

  it("follows a Finnish case's cross-border links to Sweden and fetches the Swedish case's timeline from Sweden", async () => {
    const linked = await postGraphql(
      network.gatewayUrl,
      `{ caseLinks(countries: [FI], with: [SE]) { id caseA { id country } caseB { id country } } }`,
    );
    expect(linked.errors).toBeUndefined();
    const link = (linked.data?.caseLinks as any[])[0];
    expect(link.caseA.country).toBe('FI');
    expect(link.caseB.country).toBe('SE');
    network.proxy('SE').requests.length = 0;
    const timeline = await postGraphql(
      network.gatewayUrl,
      `query($id: ID!) { case(id: $id) { id country events { type country month } links { basis caseB { id country openedMonth events { type country month } } } } }`,
      { id: link.caseA.id },
    );
    expect(timeline.errors).toBeUndefined();
    const finnish = timeline.data?.case as any;
    expect(finnish.country).toBe('FI');
    const swedish = finnish.links.map((l: any) => l.caseB).find((c: any) => c.id === link.caseB.id);
    expect(swedish.country).toBe('SE');
    expect(swedish.events.length).toBeGreaterThan(0);
    expect(network.proxy('SE').receivedIds()).toContain(link.caseB.id);
  });

  it("passes the caller's Authorization and trace headers to every country unchanged", async () => {
    for (const country of COUNTRIES) network.proxy(country).requests.length = 0;
    const headers = {
      authorization: `Bearer ${await tokenFor({ country: 'SE', roles: ['NATIONAL_COORDINATOR'], subject: 'se-headers-test' })}`,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'x-request-id': 'req-e2e-1',
      'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
    };
    const response = await fetch(network.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ cases(first: 1) { country } }' }),
    });
    expect(response.status).toBe(200);
    for (const country of COUNTRIES) {
      const received = network.proxy(country).requests.find((r) => r.body.query?.includes('cases'));
      expect({
        country,
        authorization: received?.headers.authorization,
        traceparent: received?.headers.traceparent,
        requestId: received?.headers['x-request-id'],
      }).toEqual({
        country,
        authorization: headers.authorization,
        traceparent: headers.traceparent,
        requestId: headers['x-request-id'],
      });
    }
  });

  it('only ever sends a country its own ids', async () => {
    // Traffic that crosses borders: links from every country, followed to the other side's cases.
    await postGraphql(
      network.gatewayUrl,
      `{ caseLinks { id caseA { id status } caseB { id status events { country } links { id caseB { id } } } } }`,
    );
    for (const country of COUNTRIES) {
      const foreign = network
        .proxy(country)
        .receivedIds()
        .filter((id) => !id.startsWith(`${country}:`));
      expect({ country, foreign }).toEqual({ country, foreign: [] });
    }
    expect(network.proxy('FI').receivedIds().length).toBeGreaterThan(0);
  });

  it('passes standard GraphQL errors through for malformed queries, unknown fields and bad variables', async () => {
    const malformed = await postGraphql(network.gatewayUrl, `{ cases(first: 1) { country `);
    expect(errorCodes(malformed)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const unknown = await postGraphql(network.gatewayUrl, `{ cases { victimName } }`);
    expect(errorCodes(unknown)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(unknown.errors?.[0]?.message).toMatch(/victimName/);
    const badVariable = await postGraphql(
      network.gatewayUrl,
      `query($n: Int) { cases(first: $n) { country } }`,
      { n: 'many' },
    );
    expect(errorCodes(badVariable)).toEqual(['BAD_USER_INPUT']);
    const badId = await postGraphql(network.gatewayUrl, `{ case(id: "nonsense") { id } }`);
    expect(errorCodes(badId)).toEqual(['INVALID_GLOBAL_ID']);
  });

  it('gives partial data with COUNTRY_UNAVAILABLE when a country stops, and routes to it again when it is back', async () => {
    await network.stopCountry('NO');
    const response = await probeEveryCountry();
    expect(answering(response)).toEqual(['FI', 'SE', 'DK', 'IS']);
    expect(countryFailures(response)).toEqual([['COUNTRY_UNAVAILABLE', 'NO']]);
    const status = await fetch(`${network.gateway.url}/status`).then((r) => r.json() as Promise<any>);
    expect(status.countries.find((c: any) => c.code === 'NO').state).toBe('down');

    await network.restartCountry('NO');
    const back = await eventually(probeEveryCountry, (r) => countryFailures(r).length === 0);
    expect(answering(back)).toEqual([...COUNTRIES]);
  });

  it('gives COUNTRY_TIMEOUT within the timeout when a country is slow, and the rest of the answer', async () => {
    network.proxy('DK').delayMs = COUNTRY_TIMEOUT_MS * 3;
    try {
      const started = Date.now();
      const response = await probeEveryCountry();
      // The gateway answered at its timeout, long before Denmark would have.
      expect(Date.now() - started).toBeLessThan(COUNTRY_TIMEOUT_MS * 2);
      expect(answering(response)).toEqual(['FI', 'SE', 'NO', 'IS']);
      expect(countryFailures(response)).toEqual([['COUNTRY_TIMEOUT', 'DK']]);
    } finally {
      network.proxy('DK').delayMs = 0;
    }
    await eventually(probeEveryCountry, (r) => countryFailures(r).length === 0);
  });

  it('takes a country serving a breaking schema out of routing with COUNTRY_SCHEMA_MISMATCH, and back when fixed', async () => {
    network.proxy('IS').rewriteSdl = (sdl) => sdl.replace(/\n\s*status: CaseStatus!/, '');
    try {
      const excluded = await eventually(probeEveryCountry, (r) =>
        countryFailures(r).some(([code]) => code === 'COUNTRY_SCHEMA_MISMATCH'),
      );
      expect(answering(excluded)).toEqual(['FI', 'SE', 'NO', 'DK']);
      expect(countryFailures(excluded)).toEqual([['COUNTRY_SCHEMA_MISMATCH', 'IS']]);
      expect(excluded.errors?.find((e) => e.extensions?.country === 'IS')?.message).toMatch(
        /not compatible with the Nordic contract/,
      );
    } finally {
      network.proxy('IS').rewriteSdl = null;
    }
    await eventually(probeEveryCountry, (r) => countryFailures(r).length === 0);
  });

  // The examples run in their order, as a newcomer would: the referral walkthrough answers the
  // referral that its first step sent.
  let sentReferral = '';
  it.each(IDE_EXAMPLES.map((e) => [e.title, e] as const))(
    'answers the IDE example "%s" from the running network',
    async (_title, example) => {
      const caller = example.caller;
      const variables = example.variables?.replace(SENT_REFERRAL_PLACEHOLDER, sentReferral);
      const response = await postGraphql(
        network.gatewayUrl,
        example.query,
        variables ? JSON.parse(variables) : undefined,
        caller
          ? {
              token: await tokenFor({ country: caller.country, roles: [caller.role] }),
              purpose: caller.purpose,
            }
          : {},
      );
      const unexpected = (response.errors ?? []).filter(
        (e) => e.extensions?.code !== 'COUNTRY_NOT_CONNECTED',
      );
      expect(unexpected).toEqual([]);
      const values = Object.values(response.data ?? {});
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((v) => v !== null && (!Array.isArray(v) || v.length > 0))).toBe(true);
      const sent = (response.data as any)?.createReferral?.id;
      if (sent) sentReferral = sent;
    },
  );

  it('serves the GraphQL IDE at / with its assets from the gateway itself (no CDN)', async () => {
    const page = await fetch(`${network.gateway.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1] as string)
      .filter((a) => !a.startsWith('data:'));
    expect(assets.length).toBeGreaterThanOrEqual(4);
    expect(assets.every((a) => a.startsWith('/ide/assets/'))).toBe(true);
    for (const asset of assets) {
      const response = await fetch(new URL(asset, `${network.gateway.url}/`));
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
    }
  });

  it('keeps a routing log of who asked which country, with no ids or payloads in it', async () => {
    const swede = await tokenFor({
      country: 'SE',
      roles: ['NATIONAL_COORDINATOR'],
      subject: 'se-routing-log',
    });
    const page = await postGraphql(
      network.gatewayUrl,
      '{ caseLinks(countries: [DK], with: [SE]) { caseA { id } } }',
      undefined,
      { token: await coordinatorOf('DK') },
    );
    const id = (page.data?.caseLinks as any[])[0].caseA.id as string;
    await fetch(network.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${swede}`,
        'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
        traceparent: '00-11112222333344445555666677778888-00f067aa0ba902b7-01',
      },
      body: JSON.stringify({ query: `{ case(id: "${id}") { id subject { sex ageBandAtIdentification } } }` }),
    });
    // The routing line may be printed after the answer: wait for it.
    await network.gateway.outputShows((output) =>
      output
        .split('\n')
        .some((l) => l.includes('"log":"routing"') && l.includes('11112222333344445555666677778888')),
    );
    const lines = network.gateway
      .output()
      .split('\n')
      .filter((l) => l.includes('"log":"routing"'))
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.traceId === '11112222333344445555666677778888')).toMatchObject({
      requestingCountry: 'SE',
      servingCountry: 'DK',
      subgraph: 'national',
      kind: 'root',
      fields: ['case'],
      outcome: 'OK',
    });
    expect(network.gateway.output()).not.toContain(id);
    expect(network.gateway.output()).not.toMatch(/ageBand|A\d+_\d+|FEMALE|MALE/);
  });

  it('exposes Prometheus metrics on every service: requests, errors by code, countries, circuits, country fetches, the store pool', async () => {
    // Traffic of its own: a question every country answers, and one refused by Sweden.
    await probeEveryCountry();
    await postGraphql(network.gatewayUrl, '{ cases(countries: [SE], first: 1) { country } }');
    const gateway = await (await fetch(`${network.gateway.url}/metrics`)).text();
    expect(
      sample(gateway, 'graphql_request_duration_seconds_count', { service: 'gateway', status: '200' }),
    ).toBeGreaterThan(0);
    expect(
      sample(gateway, 'graphql_errors_total', { service: 'gateway', code: 'FORBIDDEN' }),
    ).toBeGreaterThan(0);
    for (const country of COUNTRIES) {
      expect({ country, up: sample(gateway, 'country_up', { country }) }).toEqual({ country, up: 1 });
      expect({ country, circuit: sample(gateway, 'country_circuit_state', { country }) }).toEqual({
        country,
        circuit: 0,
      });
      expect(
        sample(gateway, 'country_fetch_duration_seconds_count', { country, subgraph: 'national' }),
      ).toBeGreaterThan(0);
    }
    const finland = await (await fetch(`${network.proxy('FI').target}/metrics`)).text();
    expect(
      sample(finland, 'graphql_request_duration_seconds_count', {
        service: 'national',
        country: 'FI',
        endpoint: '/graphql',
      }),
    ).toBeGreaterThan(0);
    expect(sample(finland, 'database_pool_connections', { state: 'total', country: 'FI' })).toBeGreaterThan(
      0,
    );
    expect(sample(finland, 'process_resident_memory_bytes', { service: 'national' })).toBeGreaterThan(0);
    const registry = await (await fetch(`${network.network.url}/metrics`)).text();
    expect(sample(registry, 'process_resident_memory_bytes', { service: 'network' })).toBeGreaterThan(0);
    // Labels never carry ids or values.
    expect(gateway + finland + registry).not.toMatch(/[A-Z]{2}:(Case|Referral|CaseLink):/);
  });

  it('writes no personal data, token or payload value into any log of the whole run', async () => {
    const token = await coordinatorOf('FI');
    const output = network.allOutput();
    expect(output.length).toBeGreaterThan(0);
    expect(output).not.toContain(token);
    expect(output).not.toMatch(/Bearer ey/);
    for (const country of COUNTRIES) {
      const people = await network.sql(
        country,
        'SELECT family_name, given_names, travel_document_number FROM person_identities LIMIT 50',
      );
      expect(people.length).toBeGreaterThan(0);
      const leaked = people
        .flatMap((p) => [p.family_name, p.given_names, p.travel_document_number])
        .filter((v): v is string => typeof v === 'string' && v.length > 3 && output.includes(v));
      expect({ country, leaked }).toEqual({ country, leaked: [] });
    }
    expect(output).not.toMatch(/[A-Z]{2}:Case:\d{4}-\d{6}/);
  });

  it('reports liveness, readiness and each country in /status', async () => {
    expect((await fetch(`${network.gateway.url}/health`)).status).toBe(200);
    const ready = await fetch(`${network.gateway.url}/ready`);
    expect(ready.status).toBe(200);
    const status = (await (await fetch(`${network.gateway.url}/status`)).json()) as any;
    expect(status.countries.map((c: any) => c.code)).toEqual([...COUNTRIES]);
    expect(
      status.countries.every((c: any) => ['up', 'down', 'timing_out', 'schema_mismatch'].includes(c.state)),
    ).toBe(true);
  });
});
