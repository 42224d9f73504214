import { createServer, type Server } from 'node:http';
import { keepIdleConnections } from './keepAlive';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { type BearerVerifier, authenticateRequest } from './auth/bearerVerifier';
import type { ServiceMetrics } from './metrics';
import type { Principal } from './auth/principal';
import { requestLog } from './observability/requestLog';
import { storeUnavailableErrors } from './storeUnavailable';
import { arrivalOf, markArrival } from './timeBudget';

/** What a context builder may know of the HTTP request besides the verified caller. */
export interface IncomingCall {
  headers: Record<string, string | string[] | undefined>;
  query: string | null;
  /** When the request was received (`performance.now()`), the start of its time budget. */
  receivedAt: number;
}

export interface GraphqlEndpoint<C extends BaseContext> {
  /** URL path, e.g. `/graphql` or `/crossborder/graphql`. */
  path: string;
  schema: GraphQLSchema;
  /**
   * Builds the per-request context (fresh DataLoaders per request) for the verified caller; null only
   * for data-free operations (`__typename`, `_service`) sent without a token.
   */
  context: (caller: Principal | null, request: IncomingCall) => Promise<C>;
  /** Extra Apollo Server plugins of this endpoint (e.g. writing the audit log before the answer leaves). */
  plugins?: ApolloServerPlugin<C>[];
}

export interface ServeOptions {
  host: string;
  port: number;
  /** Extra JSON for `/health`. */
  health?: () => Record<string, unknown>;
  /** Verifies every request's bearer token: this service's own access decision, whoever forwarded it. */
  verifier: BearerVerifier;
  /** Prometheus metrics, served at `/metrics` (no token: they hold no personal data). */
  metrics: ServiceMetrics;
  /** Fields of every request log line naming this service, e.g. `{ service: 'national', country: 'FI' }`. */
  logFields: Record<string, string>;
  /** The service's database as a person would name it ("SE's case database"), for `STORE_UNAVAILABLE`. */
  storeName: string;
}

export interface RunningService {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves one or more GraphQL subgraph endpoints on one HTTP server, plus `/health`. Errors keep their
 * `extensions.code`; stack traces never leave the process.
 */
export async function serveSubgraphs<C extends BaseContext>(
  endpoints: GraphqlEndpoint<C>[],
  options: ServeOptions,
): Promise<RunningService> {
  const app = express();
  const server = keepIdleConnections(createServer(app));
  app.disable('x-powered-by');
  app.use(markArrival);
  app.use(requestLog({ base: options.logFields }));
  const storeLog = pino(
    {
      base: { ...options.logFields, log: 'store' },
      level: process.env.LOG_LEVEL ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination(1),
  );
  const formatError = storeUnavailableErrors(options.storeName, (code) =>
    storeLog.warn({ code }, 'database unavailable: answered STORE_UNAVAILABLE'),
  );
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', ...(options.health?.() ?? {}) });
  });
  app.get('/metrics', options.metrics.handler());
  const apollos: ApolloServer<C>[] = [];
  for (const endpoint of endpoints) {
    const apollo = new ApolloServer<C>({
      schema: endpoint.schema,
      includeStacktraceInErrorResponses: false,
      formatError,
      // The service's own signal handler closes everything once; Apollo's would race it and hang stop().
      stopOnTerminationSignals: false,
      // Inline traces are for Apollo Studio, which this network does not use.
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer: server }),
        ApolloServerPluginInlineTraceDisabled(),
        options.metrics.plugin<C>(endpoint.path),
        ...(endpoint.plugins ?? []),
      ],
    });
    await apollo.start();
    apollos.push(apollo);
    app.use(
      endpoint.path,
      express.json({ limit: '1mb' }),
      expressMiddleware(apollo, {
        context: async ({ req, res }) => {
          const query = (req.body as { query?: unknown } | undefined)?.query;
          const call: IncomingCall = {
            headers: req.headers,
            receivedAt: arrivalOf(res),
            query: typeof query === 'string' ? query : null,
          };
          return endpoint.context(
            await authenticateRequest(options.verifier, req.headers.authorization, query),
            call,
          );
        },
      }),
    );
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    server,
    async close() {
      for (const apollo of apollos) await apollo.stop();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
