import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { keepIdleConnections } from './keepAlive';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import pino from 'pino';
import { type BearerVerifier, authenticateRequest } from './auth/bearerVerifier';
import type { ServiceMetrics } from './metrics';
import type { Principal } from './auth/principal';
import { requestLog } from './observability/requestLog';
import { storeUnavailableErrors } from './storeUnavailable';
import { arrivalOf, markArrival } from './timeBudget';
import type { ServerTls } from './transportTls';
import {
  bodyLimits,
  failedAuthGuard,
  jsonErrorHandler,
  limitsPlugin,
  rateLimitSubject,
  type LimitsOptions,
} from './limits';

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

/**
 * Where a request's context carries its rate-limit subject: an own enumerable property, because Apollo
 * Server hands plugins a shallow copy of the context, not the object the context function returned.
 */
const RATE_LIMIT_SUBJECT = Symbol('rate-limit subject');
interface SubjectCarrier {
  [RATE_LIMIT_SUBJECT]?: string;
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
  /** Plain HTTP routes besides the GraphQL endpoints (e.g. the audit checkpoint endpoints). */
  routes?: Router[];
  /**
   * Limits of every endpoint, the gateway's own module (`loadLimitsOptions` with this service's profile):
   * shape and cost, rate per subject, failed authentications per client address, body size.
   */
  limits: LimitsOptions;
  /**
   * HTTPS with this certificate instead of plain HTTP; with `clientCa`, mutual TLS: a client without a
   * certificate signed by that CA (the gateway's) cannot even open a connection, on any path.
   */
  tls?: ServerTls | null;
}

export interface RunningService {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves one or more GraphQL subgraph endpoints on one HTTP server, plus `/health`. Every endpoint has
 * the limits (`options.limits`), checked on whoever calls, the gateway or anyone reaching the service
 * directly. Errors keep their `extensions.code`; stack traces never leave the process, and a body that
 * cannot be read is answered as GraphQL-shaped JSON in every NODE_ENV.
 */
export async function serveSubgraphs<C extends BaseContext>(
  endpoints: GraphqlEndpoint<C>[],
  options: ServeOptions,
): Promise<RunningService> {
  const app = express();
  const { tls } = options;
  const server: Server = tls
    ? createHttpsServer(
        {
          cert: tls.cert,
          key: tls.key,
          ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
        },
        app,
      )
    : createServer(app);
  keepIdleConnections(server);
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
  for (const router of options.routes ?? []) app.use(router);
  const { limits } = options;
  // One count per caller across the endpoints: a request to /graphql and one to /crossborder/graphql
  // cost the same subject a point each.
  const limitsOfEndpoints = limitsPlugin<C>(
    limits,
    (rc) => (rc.contextValue as SubjectCarrier)[RATE_LIMIT_SUBJECT] ?? rateLimitSubject(null, null),
  );
  const failedAuth = failedAuthGuard(limits);
  await failedAuth.start(storeLog.child({ log: 'limits' }));
  const apollos: ApolloServer<C>[] = [];
  for (const [index, endpoint] of endpoints.entries()) {
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
        // Its Redis connection is started and stopped once, with the first endpoint's server.
        index === 0 ? limitsOfEndpoints : withoutLifecycle(limitsOfEndpoints),
        ...(endpoint.plugins ?? []),
      ],
    });
    await apollo.start();
    apollos.push(apollo);
    app.use(
      endpoint.path,
      ...bodyLimits(limits),
      expressMiddleware(apollo, {
        context: async ({ req, res }) => {
          const query = (req.body as { query?: unknown } | undefined)?.query;
          const call: IncomingCall = {
            headers: req.headers,
            receivedAt: arrivalOf(res),
            query: typeof query === 'string' ? query : null,
          };
          const caller = await failedAuth.authenticate(req.ip, () =>
            authenticateRequest(options.verifier, req.headers.authorization, query),
          );
          const context = await endpoint.context(caller, call);
          (context as SubjectCarrier)[RATE_LIMIT_SUBJECT] = rateLimitSubject(caller?.subject, req.ip);
          return context;
        },
      }),
    );
  }
  app.use(jsonErrorHandler((error) => storeLog.error({ err: error }, 'request failed before GraphQL')));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://${options.host}:${port}`,
    server,
    async close() {
      for (const apollo of apollos) await apollo.stop();
      await failedAuth.close();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The same plugin without its server start and stop hooks (for the second endpoint sharing it). */
function withoutLifecycle<C extends BaseContext>(plugin: ApolloServerPlugin<C>): ApolloServerPlugin<C> {
  const { serverWillStart: _start, ...hooks } = plugin;
  return hooks;
}
