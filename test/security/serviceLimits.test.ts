import { Agent, request } from 'undici';
import { tokenFor } from '../support/auth';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

/**
 * Every service applies the same limits to whoever reaches it: the gateway, both endpoints of a national
 * service and the network registry, each called directly (never through the gateway). An attacker with a
 * valid token, or with none, gets the same refusal from each.
 */

/** Low limits, the same numbers for every service under its own prefix. */
const LIMITS = {
  MAX_DEPTH: '2',
  MAX_ALIASES: '3',
  MAX_ROOT_FIELDS: '2',
  MAX_COST: '50',
  MAX_BODY_BYTES: '2048',
  RATE_LIMIT_POINTS: '4',
  RATE_LIMIT_SECONDS: '600',
  FAILED_AUTH_LIMIT_POINTS: '3',
  FAILED_AUTH_LIMIT_SECONDS: '600',
};
const env = (prefix: string) =>
  Object.fromEntries(Object.entries(LIMITS).map(([key, value]) => [`${prefix}${key}`, value]));

interface Endpoint {
  name: string;
  url: (n: SmallNetwork) => string;
  /** A root field (with its arguments), one of its scalar fields, and one of its object fields with a scalar. */
  root: string;
  scalar: string;
  nested: string;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'gateway /graphql',
    url: (n) => `${n.gateway.url}/graphql`,
    root: 'cases(first: 1)',
    scalar: 'country',
    nested: 'pageInfo { hasNextPage }',
  },
  {
    name: 'national /graphql',
    url: (n) => `${n.finland.url}/graphql`,
    root: 'cases(first: 1)',
    scalar: 'country',
    nested: 'pageInfo { hasNextPage }',
  },
  {
    name: 'national /crossborder/graphql',
    url: (n) => `${n.finland.url}/crossborder/graphql`,
    root: 'caseLinks',
    scalar: 'id',
    nested: 'caseA { id }',
  },
  {
    name: 'network registry /graphql',
    url: (n) => `${n.network.url}/graphql`,
    root: 'countries',
    scalar: 'code',
    nested: 'nationalCoordinator { id }',
  },
];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  codes: string[];
}

const agents = new Map<string, Agent>();
/** A connection from one loopback address (127.0.0.0/8), so that each case is its own client address. */
function agentFrom(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new Agent({ localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
}

async function send(
  url: string,
  body: string,
  options: { token?: string | null; from?: string; contentType?: string } = {},
): Promise<Answer> {
  const response = await request(url, {
    method: 'POST',
    dispatcher: agentFrom(options.from ?? '127.0.0.1'),
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-purpose': 'VICTIM_ASSISTANCE_CONTINUITY',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body,
  });
  const text = await response.body.text();
  let codes: string[] = [];
  try {
    codes = ((JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors ?? []).map((e) =>
      String(e.extensions?.code),
    );
  } catch {
    codes = ['(not JSON)'];
  }
  return { status: response.statusCode, headers: response.headers, text, codes };
}

const query = (q: string) => JSON.stringify({ query: q });

let subjects = 0;
/** A caller of its own (a fresh subject), so each case starts with a full rate-limit allowance. */
const freshCaller = () =>
  tokenFor({
    country: 'FI',
    roles: ['NATIONAL_COORDINATOR'],
    subject: `limits-${++subjects}`,
    ttlSeconds: 600,
  });

const LIMIT_CODES = [
  'DEPTH_LIMIT_EXCEEDED',
  'ALIAS_LIMIT_EXCEEDED',
  'ROOT_FIELD_LIMIT_EXCEEDED',
  'COST_LIMIT_EXCEEDED',
  'BODY_TOO_LARGE',
  'RATE_LIMITED',
  'AUTHENTICATION_RATE_LIMITED',
];

/** Each shape limit: a query just within it, and one just past it, built from the endpoint's fields. */
const SHAPE_LIMITS: {
  limit: string;
  code: string;
  within: (e: Endpoint) => string;
  past: (e: Endpoint) => string;
}[] = [
  {
    limit: 'depth',
    code: 'DEPTH_LIMIT_EXCEEDED',
    within: (e) => `{ ${e.root} { ${e.scalar} } }`,
    past: (e) => `{ ${e.root} { ${e.nested} } }`,
  },
  {
    limit: 'aliases',
    code: 'ALIAS_LIMIT_EXCEEDED',
    within: (e) => `{ ${e.root} { a0: ${e.scalar} a1: ${e.scalar} a2: ${e.scalar} } }`,
    past: (e) => `{ ${e.root} { a0: ${e.scalar} a1: ${e.scalar} a2: ${e.scalar} a3: ${e.scalar} } }`,
  },
  {
    limit: 'root fields',
    code: 'ROOT_FIELD_LIMIT_EXCEEDED',
    within: (e) => `{ r0: ${e.root} { ${e.scalar} } r1: ${e.root} { ${e.scalar} } }`,
    past: (e) =>
      `{ r0: ${e.root} { ${e.scalar} } r1: ${e.root} { ${e.scalar} } r2: ${e.root} { ${e.scalar} } }`,
  },
  {
    limit: 'cost',
    code: 'COST_LIMIT_EXCEEDED',
    within: (e) => `{ ${e.root} { ${e.scalar} } }`,
    // The same field 60 times: one field to the resolver, 60 to the cost model (and to a naive server).
    past: (e) => `{ ${e.root} { ${Array(60).fill(e.scalar).join(' ')} } }`,
  },
];

describe('limits on every service, reached directly', () => {
  let network: SmallNetwork;
  beforeAll(async () => {
    network = await startFinlandBehindGateway(tempDir('service-limits'), {
      env: { ...env('GATEWAY_'), ...env('NATIONAL_'), ...env('NETWORK_') },
    });
  });
  afterAll(async () => {
    await network?.stop();
    await Promise.all([...agents.values()].map((a) => a.close()));
  });

  describe.each(ENDPOINTS)('$name', (endpoint) => {
    it.each(SHAPE_LIMITS)(
      'refuses a query past the $limit limit ($code) and lets one within it through',
      async (c) => {
        const token = await freshCaller();
        const within = await send(endpoint.url(network), query(c.within(endpoint)), { token });
        expect(within.codes.filter((code) => LIMIT_CODES.includes(code))).toEqual([]);
        expect(within.status).toBe(200);

        const past = await send(endpoint.url(network), query(c.past(endpoint)), {
          token: await freshCaller(),
        });
        expect({ status: past.status, codes: past.codes }).toEqual({ status: 400, codes: [c.code] });
      },
    );

    it('refuses a body past the size limit with 413 BODY_TOO_LARGE before reading it', async () => {
      const padding = `# ${'x'.repeat(3000)}\n`;
      const past = await send(
        endpoint.url(network),
        query(`${padding}{ ${endpoint.root} { ${endpoint.scalar} } }`),
        {
          token: await freshCaller(),
        },
      );
      expect({ status: past.status, codes: past.codes }).toEqual({ status: 413, codes: ['BODY_TOO_LARGE'] });
    });

    it('answers a subject past its rate limit with 429 RATE_LIMITED and Retry-After; another subject goes on', async () => {
      const token = await freshCaller();
      const ask = (t: string) =>
        send(endpoint.url(network), query(`{ ${endpoint.root} { ${endpoint.scalar} } }`), { token: t });
      for (let i = 0; i < Number(LIMITS.RATE_LIMIT_POINTS); i++)
        expect((await ask(token)).codes).not.toContain('RATE_LIMITED');
      const over = await ask(token);
      expect({ status: over.status, codes: over.codes }).toEqual({ status: 429, codes: ['RATE_LIMITED'] });
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect((await ask(await freshCaller())).codes).not.toContain('RATE_LIMITED');
    });
  });

  // Each service its own client address, so that the cases do not share a count.
  describe.each(ENDPOINTS.map((e, i) => ({ ...e, from: `127.0.0.${20 + i}`, other: `127.0.0.${40 + i}` })))(
    '$name',
    (endpoint) => {
      it('refuses a client address past its failed authentications with 429 AUTHENTICATION_RATE_LIMITED, without verifying', async () => {
        const body = query(`{ ${endpoint.root} { ${endpoint.scalar} } }`);
        const guess = (from: string, token: string) => send(endpoint.url(network), body, { token, from });
        for (let i = 0; i < Number(LIMITS.FAILED_AUTH_LIMIT_POINTS); i++) {
          const wrong = await guess(endpoint.from, `not-a-token-${i}`);
          expect({ status: wrong.status, codes: wrong.codes }).toEqual({
            status: 401,
            codes: ['UNAUTHENTICATED'],
          });
        }
        const blocked = await guess(endpoint.from, 'not-a-token-again');
        expect({ status: blocked.status, codes: blocked.codes }).toEqual({
          status: 429,
          codes: ['AUTHENTICATION_RATE_LIMITED'],
        });
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
        // Blocked: even a valid token from that address is not tried until the window ends.
        expect((await guess(endpoint.from, await freshCaller())).codes).toEqual([
          'AUTHENTICATION_RATE_LIMITED',
        ]);
        // Another address is judged on its own.
        expect((await guess(endpoint.other, 'not-a-token')).codes).toEqual(['UNAUTHENTICATED']);
        expect((await guess(endpoint.other, await freshCaller())).codes).not.toContain(
          'AUTHENTICATION_RATE_LIMITED',
        );
      });
    },
  );
});
