import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerOptions } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { buildSchema, getIntrospectionQuery, parse, type OperationDefinitionNode } from 'graphql';
import Redis from 'ioredis';
import {
  analyzeOperation,
  bodyLimits,
  DEFAULT_LIMITS,
  LIMIT_ERROR_CODES,
  limitsPlugin,
  loadLimitsOptions,
  rateLimitSubject,
  type LimitsOptions,
} from '../../subgraphs/common/src/limits';

/** Nested lists, as in the network's contract: countries → cases → links → cases → … */
const typeDefs = `#graphql
  type Query {
    hello: String
    countries: [Country!]!
    country(code: String!): Country
  }
  type Country {
    code: String!
    name: String
    cases(first: Int): [Case!]!
  }
  type Case {
    id: ID!
    links: [Link!]!
    parent: Case
  }
  type Link {
    id: ID!
    caseA: Case
    caseB: Case
  }
`;

const caseOf = (id: string) => ({ id });
const resolvers = {
  Query: {
    hello: () => 'hei',
    countries: () => [
      { code: 'FI', name: 'Finland' },
      { code: 'SE', name: 'Sweden' },
    ],
    country: (_: unknown, { code }: { code: string }) => ({ code, name: code === 'FI' ? 'Finland' : code }),
  },
  Country: {
    cases: (country: { code: string }, { first }: { first?: number }) =>
      [1, 2, 3].slice(0, first ?? 3).map((n) => caseOf(`${country.code}:Case:${n}`)),
  },
  Case: {
    links: (c: { id: string }) => [{ id: `${c.id}:link`, caseA: c, caseB: caseOf(`${c.id}:other`) }],
    parent: (c: { id: string }) => caseOf(`${c.id}:parent`),
  },
};

interface Ctx {
  sub?: string;
  ip?: string;
}

type Logger = NonNullable<ApolloServerOptions<Ctx>['logger']>;

interface Running {
  url: string;
  close(): Promise<void>;
}

function limits(overrides: Partial<LimitsOptions> = {}): LimitsOptions {
  return {
    ...DEFAULT_LIMITS,
    maxCost: 5000,
    defaultListSize: 20,
    rateLimit: { points: 10_000, durationSeconds: 60 },
    ...overrides,
  };
}

/** A real Apollo Server 5 on express, with the limits mounted as the gateway mounts them. */
async function startServer(options: LimitsOptions, logger?: Logger): Promise<Running> {
  const app = express();
  const httpServer = createServer(app);
  const apollo = new ApolloServer<Ctx>({
    ...(logger ? { logger } : {}),
    typeDefs,
    resolvers,
    introspection: true,
    allowBatchedHttpRequests: options.allowBatching,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The test's stand-in for authentication: `x-test-sub` plays the JWT `sub`.
      limitsPlugin<Ctx>(options, (rc) => rateLimitSubject(rc.contextValue.sub, rc.contextValue.ip)),
    ],
  });
  await apollo.start();
  app.use(
    '/graphql',
    ...bodyLimits(options),
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ sub: req.header('x-test-sub'), ip: req.ip }),
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, close: () => apollo.stop() };
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

const query = (
  url: string,
  q: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => post(url, { query: q, variables }, headers);

/** The single error of a refusal, with no data. */
function refusal(answer: Answer): { message: string; extensions: Record<string, unknown> } {
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors[0].extensions.http).toBeUndefined();
  return answer.body.errors[0];
}

/** `country { cases { links { caseB { links { caseB … { id } } } } } }`, `depth` fields deep. */
function deepQuery(depth: number): string {
  const inner = Array.from({ length: depth - 3 }, (_, i) => (i % 2 === 0 ? 'links' : 'caseB'));
  const path = ['country(code: "FI")', 'cases(first: 1)', ...inner];
  return `{ ${path.map((f) => `${f} {`).join(' ')} id ${'}'.repeat(path.length)} }`;
}

describe('gateway limits over real HTTP', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startServer(limits());
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets a normal query through', async () => {
    const answer = await query(server.url, '{ countries { code name cases(first: 2) { id links { id } } } }');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.countries).toHaveLength(2);
    expect(answer.body.data.countries[0].cases).toEqual([
      { id: 'FI:Case:1', links: [{ id: 'FI:Case:1:link' }] },
      { id: 'FI:Case:2', links: [{ id: 'FI:Case:2:link' }] },
    ]);
  });

  it('allows exactly the maximum depth and refuses a depth bomb', async () => {
    // 12 fields deep (without lists, so the cost stays small): country, cases, 9 × parent, id.
    const atLimit = await query(
      server.url,
      `{ country(code: "FI") { cases(first: 1) { ${'parent { '.repeat(9)} id ${'} '.repeat(9)} } } }`,
    );
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.errors).toBeUndefined();

    const bomb = await query(server.url, deepQuery(15));
    expect(bomb.status).toBe(400);
    const error = refusal(bomb);
    expect(error.extensions).toMatchObject({
      code: LIMIT_ERROR_CODES.DEPTH_LIMIT_EXCEEDED,
      value: 15,
      limit: 12,
    });
    expect(error.message).toBe(
      'Query depth 15 exceeds the limit of 12; ask for fewer nested levels or split the query.',
    );
  });

  it('counts depth through named and inline fragments', async () => {
    const answer = await query(
      server.url,
      `query { country(code: "FI") { cases(first: 1) { ...A } } }
       fragment A on Case { links { ... on Link { caseB { ...B } } } }
       fragment B on Case { links { caseB { links { caseB { links { caseB { links { caseB { id } } } } } } } } }`,
    );
    expect(answer.status).toBe(400);
    const error = refusal(answer);
    expect(error.extensions.code).toBe('DEPTH_LIMIT_EXCEEDED');
    expect(error.message).toMatch(/^Query depth 13 exceeds the limit of 12;/);
  });

  it('refuses an alias bomb (31 aliases)', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ');
    const answer = await query(server.url, `{ country(code: "FI") { ${aliases} } }`);
    expect(answer.status).toBe(400);
    const error = refusal(answer);
    expect(error.extensions).toMatchObject({ code: 'ALIAS_LIMIT_EXCEEDED', value: 31, limit: 30 });
    expect(error.message).toBe(
      'Query uses 31 aliases, more than the limit of 30; pass the varying values as variables in separate ' +
        'requests instead of repeating fields under aliases.',
    );

    const thirty = Array.from({ length: 30 }, (_, i) => `n${i}: name`).join(' ');
    const allowed = await query(server.url, `{ country(code: "FI") { ${thirty} } }`);
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.country.n29).toBe('Finland');
  });

  it('refuses a cost bomb of nested lists with first: 100', async () => {
    // countries (20 assumed) × cases (100) × links (20) × caseB × links (20) × id:
    // 1 + 20 × (1 + 100 × (1 + 20 × (1 + (1 + 20 × 1)))) = 882021
    const answer = await query(
      server.url,
      '{ countries { cases(first: 100) { links { caseB { links { id } } } } } }',
    );
    expect(answer.status).toBe(400);
    const error = refusal(answer);
    expect(error.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', value: 882021, limit: 5000 });
    expect(error.message).toMatch(
      /^Query cost 882021 exceeds the limit of 5000; ask for smaller pages \(first\), fewer nested lists/,
    );
  });

  it('reads first from variables (and their defaults) and caps it at 100', async () => {
    const q = 'query Q($n: Int = 5) { countries { cases(first: $n) { links { id } } } }';
    // With the default 5: 1 + 20 × (1 + 5 × (1 + 20 × 1)) = 2121 — allowed.
    const small = await query(server.url, q);
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    // With n = 100: 1 + 20 × (1 + 100 × 21) = 42021.
    const big = await query(server.url, q, { n: 100 });
    expect(big.status).toBe(400);
    expect(refusal(big).extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', value: 42021 });
    // first: 100000 counts as 100.
    const huge = await query(server.url, '{ countries { cases(first: 100000) { links { id } } } }');
    expect(refusal(huge).extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', value: 42021 });
  });

  it('refuses too many root fields', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `h${i}: hello`).join(' ');
    const answer = await query(server.url, `{ ${fields} }`);
    expect(answer.status).toBe(400);
    const error = refusal(answer);
    expect(error.extensions).toMatchObject({ code: 'ROOT_FIELD_LIMIT_EXCEEDED', value: 11, limit: 10 });
    expect(error.message).toBe(
      'Query selects 11 root fields, more than the limit of 10; split it into several requests.',
    );
  });

  it('refuses an oversized body with 413 before parsing it', async () => {
    const answer = await query(server.url, '{ hello }', { pad: 'x'.repeat(150_000) });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const error = refusal(answer);
    expect(error.extensions).toEqual({ code: 'BODY_TOO_LARGE' });
    expect(error.message).toMatch(
      /^Request body of 1500\d\d bytes exceeds the limit of 100000 bytes; send a shorter query/,
    );
  });

  it('refuses an oversized chunked body (no Content-Length) with 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(10_000));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ hello }"'));
        if (sent++ < 15) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('}'));
          controller.close();
        }
      },
    });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('BODY_TOO_LARGE');
    expect(body.errors[0].message).toMatch(/^Request body exceeds the limit of 100000 bytes;/);
  });

  it('refuses a batched (JSON array) body with 400', async () => {
    const answer = await post(server.url, [{ query: '{ hello }' }, { query: '{ hello }' }]);
    expect(answer.status).toBe(400);
    const error = refusal(answer);
    expect(error.extensions).toEqual({ code: 'BATCHING_NOT_ALLOWED' });
    expect(error.message).toBe(
      'Batched operations (a JSON array of 2) are not allowed; send one operation per request.',
    );
  });

  it('allows introspection outside production (the full introspection query passes depth and cost)', async () => {
    const answer = await query(server.url, getIntrospectionQuery());
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.__schema.queryType.name).toBe('Query');
  });

  it('always allows __typename', async () => {
    const answer = await query(server.url, '{ __typename countries { __typename code } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data.__typename).toBe('Query');
    expect(answer.body.data.countries[0].__typename).toBe('Country');
  });
});

describe('introspection in production', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startServer(limits({ production: true }));
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['__schema', '{ __schema { queryType { name } } }'],
    ['__type', '{ __type(name: "Case") { name } }'],
    ['__schema', 'query { ...F } fragment F on Query { __schema { types { name } } }'],
    ['__schema', getIntrospectionQuery()],
  ])('refuses %s with INTROSPECTION_DISABLED', async (field, q) => {
    const answer = await query(server.url, q);
    expect(answer.status).toBe(400);
    const error = refusal(answer);
    expect(error.extensions).toEqual({ code: 'INTROSPECTION_DISABLED' });
    expect(error.message).toContain(`Introspection (${field}) is disabled in production;`);
    expect(error.message).toContain('__typename stays available');
  });

  it('still answers __typename and normal queries', async () => {
    const answer = await query(server.url, '{ __typename country(code: "FI") { __typename name } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      __typename: 'Query',
      country: { __typename: 'Country', name: 'Finland' },
    });
  });
});

describe('batching when allowed', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startServer(limits({ allowBatching: true }));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('passes a batch through and limits each operation in it', async () => {
    const answer = await post(server.url, [{ query: '{ hello }' }, { query: deepQuery(15) }]);
    expect(answer.status).toBe(400);
    expect(answer.body[0]).toEqual({ data: { hello: 'hei' } });
    expect(answer.body[1].errors[0].extensions.code).toBe('DEPTH_LIMIT_EXCEEDED');
  });
});

/** Rate limit behaviour shared by the memory and Redis stores: 3 points per subject per minute. */
async function expectRateLimited(urls: [string, string]): Promise<void> {
  const alice = { 'x-test-sub': 'alice' };
  for (let i = 0; i < 3; i++) {
    const ok = await query(urls[i % 2] as string, '{ hello }', undefined, alice);
    expect(ok.status).toBe(200);
  }
  const fourth = await query(urls[1], '{ hello }', undefined, alice);
  expect(fourth.status).toBe(429);
  const retryAfter = Number(fourth.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const error = refusal(fourth);
  expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, limit: 3 });
  expect(error.message).toBe(
    `Rate limit exceeded: more than 3 requests in 60 s; retry after ${retryAfter} s.`,
  );

  // Another subject has its own points, and so has an anonymous caller (keyed by IP).
  const bob = await query(urls[0], '{ hello }', undefined, { 'x-test-sub': 'bob' });
  expect(bob.status).toBe(200);
  expect(bob.body.data.hello).toBe('hei');
  const anonymous = await query(urls[0], '{ hello }');
  expect(anonymous.status).toBe(200);
}

describe('rate limit in memory', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startServer(limits({ rateLimit: { points: 3, durationSeconds: 60 } }));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the 4th request of a subject with 429 and Retry-After, other subjects still allowed', async () => {
    await expectRateLimited([server.url, server.url]);
  });

  it('counts a request that fails validation, and refuses its subject once spent', async () => {
    const carol = { 'x-test-sub': 'carol' };
    for (let i = 0; i < 3; i++)
      expect((await query(server.url, '{ nope }', undefined, carol)).body.errors[0].extensions.code).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
    const answer = await query(server.url, '{ hello }', undefined, carol);
    expect(answer.status).toBe(429);
    expect(refusal(answer).extensions.code).toBe('RATE_LIMITED');
  });
});

describe('rate limit in Redis', () => {
  const redisUrl = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `nordic-gateway-test:rate:${process.pid}:${Date.now()}`;
  let redis: Redis;
  let servers: Running[] = [];

  beforeAll(async () => {
    redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect(); // Redis runs on 127.0.0.1:6379 on the project's machines
    const options = limits({ rateLimit: { points: 3, durationSeconds: 60, redisUrl, keyPrefix } });
    // Two gateway instances sharing one count.
    servers = await Promise.all([startServer(options), startServer(options)]);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('shares the count between gateway instances: 429 on the 4th request, other subjects allowed', async () => {
    await expectRateLimited([servers[0]!.url, servers[1]!.url]);
    expect(await redis.get(`${keyPrefix}:sub:alice`)).toBe('4');
    expect(Number(await redis.pttl(`${keyPrefix}:sub:alice`))).toBeGreaterThan(0);
    expect(await redis.get(`${keyPrefix}:sub:bob`)).toBe('1');
  });

  it('falls back to counting in memory while Redis is unreachable', async () => {
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      warn: (message: unknown) => void warnings.push(String(message)),
      error: (message: unknown) => void warnings.push(String(message)),
    };
    const unreachable = await startServer(
      limits({ rateLimit: { points: 3, durationSeconds: 60, redisUrl: 'redis://127.0.0.1:1', keyPrefix } }),
      logger,
    );
    expect(warnings).toEqual([
      'rate limit store redis://127.0.0.1:1 unreachable (connect ECONNREFUSED 127.0.0.1:1); counting in memory until it is back',
    ]);
    try {
      const dave = { 'x-test-sub': 'dave' };
      for (let i = 0; i < 3; i++)
        expect((await query(unreachable.url, '{ hello }', undefined, dave)).status).toBe(200);
      const fourth = await query(unreachable.url, '{ hello }', undefined, dave);
      expect(fourth.status).toBe(429);
      expect(refusal(fourth).extensions.code).toBe('RATE_LIMITED');
    } finally {
      await unreachable.close();
    }
  });
});

describe('analyzeOperation', () => {
  const schema = buildSchema(typeDefs);
  const measure = (source: string, variables?: Record<string, unknown>) => {
    const document = parse(source);
    const operation = document.definitions.find(
      (d) => d.kind === 'OperationDefinition',
    ) as OperationDefinitionNode;
    return analyzeOperation(schema, document, operation, variables, 20);
  };

  it('survives fragment cycles (which validation rejects before)', () => {
    const m = measure(
      '{ country(code: "FI") { cases { ...A } } } fragment A on Case { links { caseA { ...A } } }',
    );
    expect(m.depth).toBe(4);
    expect(m.rootFields).toBe(1);
  });

  it('measures each fragment once, so fan-out stays cheap to analyse', () => {
    // Each level spreads the one below 4 times: 4^20 paths, measured in linear time.
    const levels = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i} on Query { ${`...F${i + 1} `.repeat(4)}}`,
    );
    const source = `{ ...F0 } ${levels.join(' ')} fragment F20 on Query { x: hello }`;
    const started = Date.now();
    const m = measure(source);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(m.aliases).toBe(4 ** 20);
    expect(m.rootFields).toBe(1);
  });

  it('counts root fields by response key and ignores __typename', () => {
    expect(
      measure('{ __typename hello hello a: hello ... on Query { hello countries { code } } }').rootFields,
    ).toBe(3);
  });
});

describe('analyzeOperation on pages of the contract', () => {
  // As in the national contract: `cases` returns one page per country, `first` is each page's size.
  const schema = buildSchema(`#graphql
    type Query {
      cases(countries: [String!], first: Int): [CasePage!]!
      auditEvents(first: Int): EventPage!
      representatives(first: Int): [Case!]!
      _entities(representations: [String!]!): [Case]!
    }
    type CasePage { country: String nodes: [Case!]! }
    type EventPage { nodes: [Event!]! }
    type Case { id: ID! events: [Event!]! }
    type Event { id: ID! }
  `);
  const cost = (source: string, variables?: Record<string, unknown>) => {
    const document = parse(source);
    const operation = document.definitions.find(
      (d) => d.kind === 'OperationDefinition',
    ) as OperationDefinitionNode;
    return analyzeOperation(schema, document, operation, variables, 10).cost;
  };

  it("gives first to a page's nodes, and counts one page per country asked", () => {
    // 1 + 1 page × (1 + 100 nodes × 1)
    expect(cost('{ cases(countries: ["FI"], first: 100) { nodes { id } } }')).toBe(1 + 1 * (1 + 100 * 1));
    // Without countries: every connected country, counted as the default list size.
    expect(cost('{ cases(first: 100) { nodes { id } } }')).toBe(1 + 10 * (1 + 100 * 1));
    expect(
      cost(
        'query($c: [String!], $n: Int) { cases(countries: $c, first: $n) { ...P } } fragment P on CasePage { nodes { id } }',
        {
          c: ['FI', 'SE'],
          n: 50,
        },
      ),
    ).toBe(1 + 2 * (1 + 50 * 1));
  });

  it('counts a single page by its first, and nested lists inside nodes by the default', () => {
    expect(cost('{ auditEvents(first: 100) { nodes { id } } }')).toBe(1 + 1 * (1 + 100 * 1));
    expect(cost('{ cases(countries: ["FI"], first: 2) { nodes { events { id } } } }')).toBe(
      1 + 1 * (1 + 2 * (1 + 10 * 1)),
    );
  });

  it('leaves a plain list with first as it was, and counts an entity fetch by its representations', () => {
    expect(cost('{ representatives(first: 30) { id } }')).toBe(1 + 30 * 1);
    expect(
      cost('query($r: [String!]!) { _entities(representations: $r) { ... on Case { id } } }', {
        r: Array(250).fill('x'),
      }),
    ).toBe(1 + 250 * 1);
  });
});

describe('loadLimitsOptions', () => {
  it('has the documented defaults', () => {
    expect(loadLimitsOptions({})).toEqual({
      maxDepth: 12,
      maxCost: 20_000,
      maxAliases: 30,
      maxRootFields: 10,
      maxBodyBytes: 100_000,
      allowBatching: false,
      production: false,
      rateLimit: { points: 600, durationSeconds: 60 },
      failedAuthLimit: { points: 30, durationSeconds: 60 },
      defaultListSize: 10,
    });
  });

  it('reads every variable', () => {
    expect(
      loadLimitsOptions({
        GATEWAY_MAX_DEPTH: '8',
        GATEWAY_MAX_COST: '20000',
        GATEWAY_MAX_ALIASES: '5',
        GATEWAY_MAX_ROOT_FIELDS: '3',
        GATEWAY_MAX_BODY_BYTES: '50000',
        GATEWAY_ALLOW_BATCHING: 'true',
        NODE_ENV: 'production',
        GATEWAY_RATE_LIMIT_POINTS: '100',
        GATEWAY_RATE_LIMIT_SECONDS: '10',
        REDIS_URL: 'redis://127.0.0.1:6379',
        GATEWAY_DEFAULT_LIST_SIZE: '10',
      }),
    ).toEqual({
      maxDepth: 8,
      maxCost: 20000,
      maxAliases: 5,
      maxRootFields: 3,
      maxBodyBytes: 50000,
      allowBatching: true,
      production: true,
      rateLimit: { points: 100, durationSeconds: 10, redisUrl: 'redis://127.0.0.1:6379' },
      failedAuthLimit: { points: 30, durationSeconds: 60 },
      defaultListSize: 10,
    });
    expect(loadLimitsOptions({ GATEWAY_ALLOW_BATCHING: 'false', GATEWAY_MAX_DEPTH: '' })).toMatchObject({
      allowBatching: false,
      maxDepth: 12,
    });
  });

  it('names each invalid variable and its fix', () => {
    expect(() => loadLimitsOptions({ GATEWAY_MAX_DEPTH: 'deep' })).toThrow(
      'GATEWAY_MAX_DEPTH="deep" must be a whole number from 1 to 1000. Fix: set GATEWAY_MAX_DEPTH to such a number or unset it for the default (12).',
    );
    expect(() => loadLimitsOptions({ GATEWAY_RATE_LIMIT_POINTS: '0' })).toThrow(
      /GATEWAY_RATE_LIMIT_POINTS="0" must be/,
    );
    expect(() => loadLimitsOptions({ GATEWAY_ALLOW_BATCHING: 'maybe' })).toThrow(
      /GATEWAY_ALLOW_BATCHING="maybe" must be true or false\. Fix:/,
    );
    expect(() => loadLimitsOptions({ REDIS_URL: '127.0.0.1:6379' })).toThrow(
      /REDIS_URL="127.0.0.1:6379" must be a Redis URL such as redis:\/\/127.0.0.1:6379/,
    );
    let message = '';
    try {
      loadLimitsOptions({ GATEWAY_MAX_COST: '1.5', GATEWAY_MAX_BODY_BYTES: 'big' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('GATEWAY_MAX_COST="1.5"');
    expect(message).toContain('GATEWAY_MAX_BODY_BYTES="big"');
  });
});
