import { join } from 'node:path';
import Database from 'better-sqlite3';
import { coordinatorOf } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { type ReceivedSpan, SpanKind, type OtlpReceiver, startOtlpReceiver } from '../support/otlpReceiver';
import { Client } from 'pg';
import { recreateDatabase } from '../support/postgres';
import {
  type RunningProcess,
  type SmallNetwork,
  startFinlandBehindGateway,
  startNational,
  tempDir,
} from '../support/services';

/** The trace a client started: its own span is the parent of the gateway's request. */
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';

describe('tracing and request logs across the gateway, a national service and the registry', () => {
  let receiver: OtlpReceiver;
  let small: SmallNetwork;
  let token: string;
  let caseId: string;
  let seededNames: string[];
  let spans: ReceivedSpan[];
  let exitCodes: (number | null)[];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const dir = tempDir('observability');
    small = await startFinlandBehindGateway(dir, {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
    });
    token = await coordinatorOf('FI');
    const gatewayUrl = `${small.gateway.url}/graphql`;
    const listed = await postGraphql(
      gatewayUrl,
      '{ cases(countries: [FI], first: 1) { nodes { id } } }',
      undefined,
      {
        token,
      },
    );
    caseId = listed.data?.cases[0].nodes[0].id;
    expect(caseId).toMatch(/^FI:Case:/);
    // The traced request: the case id is a literal in the document, which spans must not carry.
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
        traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01`,
      },
      body: JSON.stringify({ query: `query OneCase { case(id: "${caseId}") { id } }` }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { case: { id: string } } }).data.case.id).toBe(caseId);
    // The registry serves a request too.
    expect(
      (await postGraphql(`${small.network.url}/graphql`, '{ __typename }', undefined, { token })).status,
    ).toBe(200);
    // Stopping exports every span still buffered.
    await small.stop();
    exitCodes = [small.gateway, small.finland, small.network].map((p) => p.process.exitCode);
    spans = receiver.spans();
    const db = new Database(join(dir, 'fi.sqlite'), { readonly: true });
    seededNames = (
      db.prepare('SELECT family_name, given_names FROM person_identities LIMIT 50').all() as {
        family_name: string;
        given_names: string;
      }[]
    )
      .flatMap((p) => [p.family_name, p.given_names])
      .filter((name) => name.length > 3);
    db.close();
  });

  afterAll(async () => {
    await small?.stop();
    await receiver?.close();
  });

  function ancestorsOf(span: ReceivedSpan): ReceivedSpan[] {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const chain: ReceivedSpan[] = [];
    for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) {
      chain.push(parent);
    }
    return chain;
  }

  it("continues the client's trace from the gateway's request through the country fetch into Finland's request and its SQL", () => {
    expect(exitCodes).toEqual([0, 0, 0]);
    const traced = spans.filter((s) => s.traceId === TRACE_ID);
    const gatewayRequest = traced.find((s) => s.service === 'nordic-gateway' && s.kind === SpanKind.SERVER);
    expect(gatewayRequest?.parentSpanId).toBe(CLIENT_SPAN_ID);
    const fetch = traced.find((s) => s.service === 'nordic-gateway' && s.name === 'country fetch FI');
    expect(fetch?.attributes).toMatchObject({
      'nordic.country': 'FI',
      'nordic.subgraph': 'national',
      'nordic.outcome': 'OK',
    });
    const finlandRequest = traced.find(
      (s) => s.service === 'nordic-national-FI' && s.kind === SpanKind.SERVER,
    );
    expect(finlandRequest).toBeDefined();
    const chain = ancestorsOf(finlandRequest as ReceivedSpan);
    // Finland's request is the child of the gateway's HTTP call, itself within the country fetch.
    expect(chain[0]).toMatchObject({ service: 'nordic-gateway', kind: SpanKind.CLIENT });
    expect(chain.map((s) => s.spanId)).toEqual(
      expect.arrayContaining([fetch?.spanId, gatewayRequest?.spanId]),
    );
    expect(traced.some((s) => s.service === 'nordic-gateway' && s.name === 'gateway.plan')).toBe(true);
    const sql = traced.filter(
      (s) => s.service === 'nordic-national-FI' && s.attributes['db.system.name'] === 'sqlite',
    );
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.every((s) => ancestorsOf(s).includes(finlandRequest as ReceivedSpan))).toBe(true);
    // The registry traces too, under its own name.
    expect(spans.some((s) => s.service === 'nordic-network' && s.kind === SpanKind.SERVER)).toBe(true);
  });

  it('puts no id, token or name into any span', () => {
    expect(spans.length).toBeGreaterThan(0);
    const attributes = JSON.stringify(spans.map((s) => [s.name, s.attributes]));
    expect(attributes).not.toContain(caseId);
    expect(attributes).not.toMatch(/FI:Case:/);
    expect(attributes).not.toContain(token);
    expect(attributes).not.toMatch(/Bearer/);
    expect(seededNames.length).toBeGreaterThan(0);
    expect(seededNames.filter((name) => attributes.includes(name))).toEqual([]);
  });

  it('writes one request line per request with request id, trace id, method, path, status and duration, and nothing personal', () => {
    const output = [small.gateway, small.finland, small.network].map((p) => p.output()).join('\n');
    const lines = output
      .split('\n')
      .filter((line) => line.includes('"log":"request"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        requestId: expect.stringMatching(/^[A-Za-z0-9._:-]+$/),
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        method: expect.any(String),
        path: expect.stringMatching(/^\/[^?]*$/),
        status: expect.any(Number),
        durationMs: expect.any(Number),
      });
    }
    const atGateway = lines.find((l) => l.service === 'gateway' && l.traceId === TRACE_ID);
    expect(atGateway).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
    // Finland's line of the same request shares the trace and the request id the gateway passed on.
    expect(lines.find((l) => l.service === 'national' && l.traceId === TRACE_ID)).toMatchObject({
      country: 'FI',
      method: 'POST',
      path: '/graphql',
      status: 200,
      requestId: atGateway?.requestId,
    });
    expect(lines.some((l) => l.service === 'network')).toBe(true);
    const requestLines = JSON.stringify(lines);
    expect(requestLines).not.toContain(caseId);
    expect(requestLines).not.toContain(token);
    expect(requestLines).not.toMatch(/authorization|Bearer/i);
    expect(seededNames.filter((name) => requestLines.includes(name))).toEqual([]);
  });
});

/**
 * A national service on PostgreSQL, traced: its SQL appears as spans of the PostgreSQL instrumentation
 * under the request that ran it, and no span carries a case id or a seeded name (statements are sent
 * with parameters; parameter values are never recorded).
 */
describe('tracing a national service on PostgreSQL', () => {
  let receiver: OtlpReceiver;
  let finland: RunningProcess;
  let spans: ReceivedSpan[];
  let caseId: string;
  let database: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = await recreateDatabase('nordic_test_tracing_fi');
    finland = await startNational({
      country: 'FI',
      database,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    });
    const url = `${finland.url}/graphql`;
    const listed = await postGraphql(url, '{ cases(first: 1) { nodes { id } } }');
    caseId = (listed.data?.cases as any[])[0].nodes[0].id;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await coordinatorOf('FI')}`,
        'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
        traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01`,
      },
      body: JSON.stringify({ query: `{ case(id: "${caseId}") { id status events { country } } }` }),
    });
    expect(response.status).toBe(200);
    await finland.stop();
    spans = receiver.spans();
  });
  afterAll(async () => {
    await finland?.stop();
    await receiver?.close();
  });

  it('records its SQL under the request, and nothing personal', async () => {
    const traced = spans.filter((s) => s.traceId === TRACE_ID);
    const request = traced.find((s) => s.service === 'nordic-national-FI' && s.kind === SpanKind.SERVER);
    expect(request?.parentSpanId).toBe(CLIENT_SPAN_ID);
    const sql = traced.filter((s) =>
      /postgres/.test(String(s.attributes['db.system'] ?? s.attributes['db.system.name'])),
    );
    expect(sql.length).toBeGreaterThan(0);
    const byId = new Map(traced.map((s) => [s.spanId, s]));
    const underRequest = (span: ReceivedSpan) => {
      for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId))
        if (p === request) return true;
      return false;
    };
    expect(sql.filter((s) => !underRequest(s))).toEqual([]);
    const attributes = JSON.stringify(spans.map((s) => [s.name, s.attributes]));
    expect(attributes).not.toContain(caseId);
    expect(attributes).not.toMatch(/FI:Case:/);
    const client = new Client({ connectionString: database });
    await client.connect();
    const names = (await client.query('SELECT family_name, given_names FROM person_identities LIMIT 50')).rows
      .flatMap((p: { family_name: string; given_names: string }) => [p.family_name, p.given_names])
      .filter((name: string) => name.length > 3);
    await client.end();
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name: string) => attributes.includes(name))).toEqual([]);
  });
});
