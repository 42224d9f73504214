import { gzipSync } from 'node:zlib';
import { publicStatus, withoutAddresses } from '../../gateway/src/http/publicStatus';
import { defaultTestToken } from '../support/auth';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

/**
 * A request a service cannot read is answered with a GraphQL-shaped JSON error and a stable code, by
 * every service, in development as in production: never Express's HTML page with a stack trace and the
 * service's file paths.
 */

const MAX_BODY_BYTES = 2048;
const limits = Object.fromEntries(
  ['GATEWAY_', 'NATIONAL_', 'NETWORK_'].map((prefix) => [`${prefix}MAX_BODY_BYTES`, String(MAX_BODY_BYTES)]),
);

const ENDPOINTS: { name: string; url: (n: SmallNetwork) => string }[] = [
  { name: 'gateway /graphql', url: (n) => `${n.gateway.url}/graphql` },
  { name: 'national /graphql', url: (n) => `${n.finland.url}/graphql` },
  { name: 'national /crossborder/graphql', url: (n) => `${n.finland.url}/crossborder/graphql` },
  { name: 'network registry /graphql', url: (n) => `${n.network.url}/graphql` },
];

const BODIES: {
  what: string;
  headers: Record<string, string>;
  body: string | Buffer;
  status: number;
  code: string;
}[] = [
  {
    what: 'truncated JSON',
    headers: { 'content-type': 'application/json' },
    body: '{"query": "{ __typename }"',
    status: 400,
    code: 'MALFORMED_REQUEST',
  },
  {
    what: 'a JSON string instead of an object',
    headers: { 'content-type': 'application/json' },
    body: '"{ __typename }"',
    status: 400,
    code: 'MALFORMED_REQUEST',
  },
  {
    what: 'gzip-encoded garbage',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: Buffer.from('not gzip at all'),
    status: 400,
    code: 'MALFORMED_REQUEST',
  },
  {
    what: 'a text/plain body',
    headers: { 'content-type': 'text/plain' },
    body: '{"query": "{ __typename }"}',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    what: 'a form post',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'query=%7B__typename%7D',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    what: 'a body over the size limit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `# ${'x'.repeat(MAX_BODY_BYTES)}\n{ __typename }` }),
    status: 413,
    code: 'BODY_TOO_LARGE',
  },
  {
    what: 'a compressed body over the size limit once decompressed',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ query: `# ${'x'.repeat(MAX_BODY_BYTES * 4)}\n{ __typename }` })),
    status: 413,
    code: 'BODY_TOO_LARGE',
  },
];

/** What a stack trace or an internal path would show. */
const LEAKS = [
  /<html/i,
  /<pre/i,
  /\bat \S+ \(/,
  /node_modules/,
  /\/dist\//,
  /\.js:\d+/,
  /\/work\//,
  /Error:/,
];

describe.each(['development', 'production'])('NODE_ENV=%s', (nodeEnv) => {
  let network: SmallNetwork;
  beforeAll(async () => {
    network = await startFinlandBehindGateway(tempDir(`malformed-${nodeEnv}`), {
      env: { NODE_ENV: nodeEnv, ...limits },
    });
  });
  afterAll(() => network?.stop());

  describe.each(ENDPOINTS)('$name', (endpoint) => {
    it.each(BODIES)('answers $what with $status $code as JSON, leaking nothing', async (c) => {
      const response = await fetch(endpoint.url(network), {
        method: 'POST',
        headers: { ...c.headers, authorization: `Bearer ${await defaultTestToken()}` },
        body: typeof c.body === 'string' ? c.body : new Uint8Array(c.body),
      });
      const text = await response.text();
      for (const leak of LEAKS) expect(text).not.toMatch(leak);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = JSON.parse(text) as {
        data?: unknown;
        errors: { message: string; extensions: { code: string } }[];
      };
      expect({ status: response.status, codes: body.errors.map((e) => e.extensions.code) }).toEqual({
        status: c.status,
        codes: [c.code],
      });
      expect(body.data).toBeUndefined();
      expect(body.errors[0]?.message.length).toBeGreaterThan(20);
    });
  });

  it('shows /status without internal URLs to a caller without a valid token, and with them to a signed-in one', async () => {
    const anonymous = await fetch(`${network.gateway.url}/status`).then((r) => r.text());
    const forged = await fetch(`${network.gateway.url}/status`, {
      headers: { authorization: 'Bearer forged' },
    }).then((r) => r.text());
    for (const text of [anonymous, forged]) {
      expect(text).not.toMatch(/https?:\/\//);
      expect(text).not.toMatch(/127\.0\.0\.1/);
      // What the dashboard shows stays.
      const status = JSON.parse(text) as {
        countries: { code: string; state: string }[];
        network: { state: string };
      };
      expect(status.countries.map((c) => [c.code, c.state])).toEqual([['FI', 'up']]);
      expect(status.network.state).toBe('up');
    }
    const signedIn = (await fetch(`${network.gateway.url}/status`, {
      headers: { authorization: `Bearer ${await defaultTestToken()}` },
    }).then((r) => r.json())) as { network: { url: string } };
    expect(signedIn.network.url).toBe(`${network.network.url}/graphql`);
  });
});

describe('public status', () => {
  it('removes addresses from details and every url field', () => {
    expect(withoutAddresses('NO is unavailable: connect ECONNREFUSED 10.1.2.3:4013.')).toBe(
      'NO is unavailable: connect ECONNREFUSED [address].',
    );
    expect(withoutAddresses('fetch http://se-national.se.svc:4000/graphql failed')).toBe(
      'fetch [address] failed',
    );
    expect(withoutAddresses('getaddrinfo ENOTFOUND dk.internal:4014')).toBe(
      'getaddrinfo ENOTFOUND [address]',
    );
    expect(withoutAddresses('connect ECONNREFUSED [::1]:4011')).toBe('connect ECONNREFUSED [address]');
    expect(
      publicStatus({
        network: { url: 'http://10.0.0.1:4001/graphql', state: 'up' },
        subgraphs: [{ name: 'a', url: 'http://a:1/graphql', state: 'down', detail: 'connect 10.0.0.9:80' }],
      }),
    ).toEqual({
      network: { state: 'up' },
      subgraphs: [{ name: 'a', state: 'down', detail: 'connect [address]' }],
    });
  });
});
