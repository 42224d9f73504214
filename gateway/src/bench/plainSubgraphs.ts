import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type DocumentNode, GraphQLError, type GraphQLSchema, execute, parse, validate } from 'graphql';

/*
 * Four small Federation 2 subgraphs (accounts, products, inventory, reviews) with deterministic data in
 * which the same users and products are referenced again and again, for the plain-mode benchmark
 * (`npm run bench:plain`) and its fan-out check (test/gateway/planFanOut.test.ts). Each counts the
 * requests it serves and the entity representations it is asked to resolve: the gateway's fan-out,
 * measured where it lands.
 */

export const PLAIN_SUBGRAPHS = ['accounts', 'products', 'inventory', 'reviews'] as const;
export type PlainSubgraphName = (typeof PLAIN_SUBGRAPHS)[number];

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

export const PLAIN_SUBGRAPH_SDL: Record<PlainSubgraphName, string> = {
  accounts: `${LINK}
    type Query { me: User  user(id: ID!): User  users: [User] }
    type User @key(fields: "id") { id: ID!  name: String  username: String @shareable  birthday: Int }`,
  products: `${LINK}
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String!  name: String  price: Int  weight: Int }`,
  inventory: `${LINK}
    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
      "Fails for some products: for the tests of error paths through batched fetches."
      warehouse: String
      "The end of the Authorization header this subgraph was called with: for the tests that callers never share a fetch."
      seenBy: String
    }`,
  reviews: `${LINK}
    type Review @key(fields: "id") { id: ID!  body: String  author: User @provides(fields: "username")  product: Product }
    type User @key(fields: "id") { id: ID!  username: String @external  reviews: [Review] }
    type Product @key(fields: "upc") { upc: String!  reviews: [Review] }`,
};

/** The deep query of the benchmark: users → reviews → product → reviews → author → reviews → product, and top products. */
export const DEEP_QUERY = `
fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query DeepQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
      }
    }
  }
  topProducts {
    ...Product
    reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } }
  }
}`;

const NAMES = [
  'Aino Virtanen',
  'Bjørn Hansen',
  'Sigrid Lund',
  'Jónas Einarsson',
  'Mette Nielsen',
  'Eero Laine',
];
const PRODUCT_NAMES = ['Table', 'Couch', 'Glass', 'Chair', 'Lamp', 'Rug', 'Shelf', 'Desk', 'Stool'];
const WORDS =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(
    ' ',
  );

interface UserRow {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
interface ProductRow {
  upc: string;
  name: string;
  price: number;
  weight: number;
  inStock: boolean;
}
interface ReviewRow {
  id: string;
  body: string;
  authorId: string;
  upc: string;
}

const USERS: UserRow[] = NAMES.map((name, i) => ({
  id: String(i + 1),
  name,
  username: name.split(' ')[0]?.toLowerCase() as string,
  birthday: 19_700_101 + i * 10_000,
}));
const PRODUCTS: ProductRow[] = PRODUCT_NAMES.map((name, i) => ({
  upc: String(i + 1),
  name,
  price: [899, 1299, 15, 499, 69, 250, 120, 1500, 45][i] as number,
  weight: [100, 1000, 20, 100, 30, 300, 80, 900, 15][i] as number,
  inStock: i % 3 !== 1,
}));
/** Eight reviews, all written by the first two users and most of them of the first two products. */
const REVIEW_PRODUCTS = ['1', '1', '1', '2', '2', '3', '4', '5'];
const REVIEWS: ReviewRow[] = REVIEW_PRODUCTS.map((upc, i) => ({
  id: String(i + 1),
  // Deterministic text of a few hundred characters, different for each review.
  body: Array.from({ length: 76 + (i % 4) * 8 }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]).join(' '),
  authorId: String((i % 2) + 1),
  upc,
}));

const userById = new Map(USERS.map((u) => [u.id, u]));
const productByUpc = new Map(PRODUCTS.map((p) => [p.upc, p]));
const reviewById = new Map(REVIEWS.map((r) => [r.id, r]));

const reviewObject = (r: ReviewRow) => ({
  id: r.id,
  body: r.body,
  author: { id: r.authorId, username: userById.get(r.authorId)?.username },
  product: { upc: r.upc },
});

const RESOLVERS: Record<PlainSubgraphName, Record<string, Record<string, unknown>>> = {
  accounts: {
    Query: {
      me: () => USERS[0],
      user: (_: unknown, args: { id: string }) => userById.get(args.id) ?? null,
      users: () => USERS,
    },
    User: { __resolveReference: (ref: { id: string }) => userById.get(ref.id) ?? null },
  },
  products: {
    Query: { topProducts: (_: unknown, args: { first: number }) => PRODUCTS.slice(0, args.first) },
    Product: { __resolveReference: (ref: { upc: string }) => productByUpc.get(ref.upc) ?? null },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => {
        const row = productByUpc.get(ref.upc);
        return row ? { upc: ref.upc, price: ref.price, weight: ref.weight, inStock: row.inStock } : null;
      },
      shippingEstimate: (product: { price?: number; weight?: number }) => {
        if (product.price === undefined || product.weight === undefined) return null;
        return product.price > 1000 ? 0 : Math.round(product.weight / 2);
      },
      warehouse: (product: { upc: string }) => {
        if (productByUpc.get(product.upc)?.inStock) return `WH-${product.upc}`;
        throw new GraphQLError(`No warehouse stocks product ${product.upc}.`, {
          extensions: { code: 'NOT_STOCKED' },
        });
      },
      seenBy: (_: unknown, __: unknown, context: { authorization?: string }) =>
        context.authorization?.slice(-12) ?? null,
    },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: { id: string }) => {
        const row = reviewById.get(ref.id);
        return row ? reviewObject(row) : null;
      },
    },
    User: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      reviews: (user: { id: string }) => REVIEWS.filter((r) => r.authorId === user.id).map(reviewObject),
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
      reviews: (product: { upc: string }) => REVIEWS.filter((r) => r.upc === product.upc).map(reviewObject),
    },
  },
};

/** What one subgraph was asked since its counters were last reset. */
export interface SubgraphCounts {
  requests: number;
  representations: number;
}

/** Entity representations in a request's variables (every list of objects that name their `__typename`). */
function representationsIn(variables: Record<string, unknown> | undefined): number {
  let count = 0;
  for (const value of Object.values(variables ?? {}))
    if (Array.isArray(value))
      count += value.filter((v) => typeof v === 'object' && v !== null && '__typename' in v).length;
  return count;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface RunningSubgraph {
  name: PlainSubgraphName;
  url: string;
  counts: SubgraphCounts;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Serves one subgraph over HTTP at `POST /graphql` (graphql-js on node:http, each distinct document
 * parsed and validated once), with its counters at `GET /counts` and `POST /counts/reset`.
 */
export async function startPlainSubgraph(name: PlainSubgraphName, port = 0): Promise<RunningSubgraph> {
  const schema: GraphQLSchema = buildSubgraphSchema({
    typeDefs: parse(PLAIN_SUBGRAPH_SDL[name]),
    resolvers: RESOLVERS[name] as never,
  });
  const documents = new Map<string, DocumentNode | readonly Error[]>();
  const counts: SubgraphCounts = { requests: 0, representations: 0 };
  const reset = () => {
    counts.requests = 0;
    counts.representations = 0;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/counts' && req.method === 'GET') return send(res, 200, counts);
      if (req.url === '/counts/reset' && req.method === 'POST') {
        reset();
        return send(res, 200, counts);
      }
      if (req.url !== '/graphql' || req.method !== 'POST') return send(res, 404, { error: 'not found' });
      const body = JSON.parse(await readBody(req)) as {
        query: string;
        variables?: Record<string, unknown>;
        operationName?: string;
      };
      counts.requests += 1;
      counts.representations += representationsIn(body.variables);
      let document = documents.get(body.query);
      if (!document) {
        const parsed = parse(body.query);
        const errors = validate(schema, parsed);
        document = errors.length > 0 ? errors : parsed;
        documents.set(body.query, document);
      }
      if (Array.isArray(document))
        return send(res, 200, { errors: document.map((e) => ({ message: e.message })) });
      const result = await execute({
        schema,
        document: document as DocumentNode,
        variableValues: body.variables,
        operationName: body.operationName,
        contextValue: { authorization: req.headers.authorization },
      });
      send(res, 200, result);
    })().catch((error: unknown) => send(res, 500, { errors: [{ message: String(error) }] }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    name,
    url: `http://127.0.0.1:${bound}/graphql`,
    counts,
    reset,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The four subgraphs composed into a supergraph whose `@join__graph` URLs are where they listen. */
export function composePlainSupergraph(urls: Record<PlainSubgraphName, string>): string {
  const result = composeServices(
    PLAIN_SUBGRAPHS.map((name) => ({ name, url: urls[name], typeDefs: parse(PLAIN_SUBGRAPH_SDL[name]) })),
  );
  if (result.errors)
    throw new Error(`the plain subgraphs do not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}
