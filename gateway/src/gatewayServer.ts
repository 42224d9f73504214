import cluster from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Supergraph } from '@apollo/federation-internals';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { type GraphQLError, printSchema } from 'graphql';
import {
  BearerVerifier,
  ServiceMetrics,
  authenticateRequest,
  bodyLimits,
  failedAuthGuard,
  jsonErrorHandler,
  limitsPlugin,
  loadLimitsOptions,
  rateLimitSubject,
  readPemFile,
  type ClientTls,
  type LimitsOptions,
  arrivalOf,
  deadlineOf,
  keepIdleConnections,
  markArrival,
  loadAuthSettings,
  requestLog,
  type Principal,
  TIME_BUDGET_HEADER,
} from '@nordic/subgraph-common';
import { clusterMetricsRoute } from './cluster/clusterMetrics';
import type { GatewayConfig } from './config/gatewayConfig';
import type { ScaleOptions } from './config/scaleOptions';
import { CountryRegistry } from './countries/countryRegistry';
import { SchemaChecker } from './countries/schemaChecker';
import { ForwardHeadersDataSource } from './http/forwardHeadersDataSource';
import { corsFor } from './http/cors';
import { STATUS_PAGE_CSP, statusPage } from './http/statusPage';
import { publicStatus } from './http/publicStatus';
import { probeGraphql } from './http/readiness';
import { dashboardOptionsFromEnv, dashboardRouter } from './dashboard';
import { ideRouter } from './ide';
import { type SignInCountry, signInCountries } from './signIn/signInCountries';
import { PartitionedDataSource } from './routing/partitionedDataSource';
import { InFlightRequests } from './transport/inFlightRequests';
import { countryTransport } from './transport/countryTransport';
import { trustedDocumentsOf } from './persistedQueries/manifest';
import { RedisDocumentStore } from './persistedQueries/redisDocumentStore';
import { trustedDocumentsPlugin } from './persistedQueries/trustedDocuments';
import { createRefusalLog, refusalLogPlugin } from './logs/refusalLog';
import { type RoutingLog, createRoutingLog } from './logs/routingLog';
import { observeCountries, observeRepresentations, observeSharedFetches } from './countries/countryMetrics';
import { gatewayLogBase, gatewayStdout } from './logs/stdout';
import { traceIdOf } from './logs/traceId';
import { startStatisticsCache } from './statisticsCache';
import { composeFromContract } from './supergraph';
import { EntityBatcher } from './plain/entityBatcher';
import { readEntityKeys } from './plain/entityKeys';
import { LevelledPlanStore } from './plain/levelledPlanStore';
import { PlainDataSource } from './plain/plainDataSource';
import { SubgraphHttp } from './plain/subgraphHttp';
import { referralNotifications } from './notifications/referralNotifications';

export interface RunningGateway {
  url: string;
  registry: CountryRegistry | null;
  schemaChecker: SchemaChecker | null;
  close(): Promise<void>;
}

interface ServeOptions {
  /** Query limits, rate limit, production switches (introspection and the IDE off). */
  limits: LimitsOptions;
  /** The composed supergraph, from which the IDE gets the API schema without introspection. */
  supergraphSdl: string;
  host: string;
  port: number;
  introspection: boolean;
  gateway: ApolloGateway;
  /** Endpoints that must answer for `/ready`. */
  readinessProbes: string[];
  status: () => Promise<Record<string, unknown>>;
  onClose?: () => Promise<void>;
  registry: CountryRegistry | null;
  schemaChecker: SchemaChecker | null;
  /** Prometheus metrics, served at `/metrics` (a cluster worker's answer covers all workers). */
  metrics: ServiceMetrics;
  /** Persisted queries, trusted documents and where they are kept. */
  scale: ScaleOptions;
  /** Origins allowed to call `/graphql` and `/status` from a browser (CORS); empty: none. */
  corsOrigins: readonly string[];
  /** Where each country's users sign in to the dashboard and the IDE (none: no sign-in offered). */
  signIn?: readonly SignInCountry[];
  /** The countries whose referral events the gateway's subscription merges (none: no subscription). */
  notifications?: { countries: readonly { code: string; national: string }[]; tls: ClientTls | null };
}

interface GatewayContext extends Record<string, unknown> {
  /** The verified caller; null only for data-free operations (`__typename`). */
  caller: Principal | null;
  clientIp: string | undefined;
  /** When the caller stops waiting (`performance.now()` clock), from its `x-time-budget-ms`; null without one. */
  deadline: number | null;
}

/** Express request headers behind the `get(name)` the logs read. */
function headerReader(req: express.Request): { get(name: string): string | undefined } {
  return { get: (name) => req.get(name) };
}

/** How long an automatic persisted query stays in Redis after its registration (a day). */
const PERSISTED_QUERY_TTL_SECONDS = 86_400;

async function serve(options: ServeOptions): Promise<RunningGateway> {
  const app = express();
  app.disable('x-powered-by');
  app.use(markArrival);
  app.use(requestLog({ base: gatewayLogBase(), destination: gatewayStdout() }));
  const allowOrigins = corsFor(options.corsOrigins);
  if (allowOrigins) app.use(['/graphql', '/status'], allowOrigins);
  const httpServer = keepIdleConnections(createServer(app));
  const { limits } = options;
  // The gateway verifies every token before planning; each country verifies it again on its own.
  const verifier = await BearerVerifier.start(loadAuthSettings());
  const refusals = createRefusalLog();
  const { scale } = options;
  const trusted = scale.trustedDocuments ? trustedDocumentsOf(scale.trustedDocuments) : null;
  // Shared by every worker and replica through Redis; otherwise Apollo Server's in-memory LRU cache.
  const documentStore =
    scale.redisUrl && scale.persistedQueries ? new RedisDocumentStore(scale.redisUrl) : null;
  await documentStore?.connect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway: options.gateway,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: limits.allowBatching,
    persistedQueries: scale.persistedQueries
      ? { ...(documentStore ? { cache: documentStore, ttl: PERSISTED_QUERY_TTL_SECONDS } : {}) }
      : false,
    plugins: [
      ...(trusted ? [trustedDocumentsPlugin<GatewayContext>(trusted)] : []),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      limitsPlugin<GatewayContext>(limits, (rc) =>
        rateLimitSubject(rc.contextValue.caller?.subject, rc.contextValue.clientIp),
      ),
      refusalLogPlugin<GatewayContext>(refusals, (context) => context.caller),
      options.metrics.plugin<GatewayContext>('/graphql'),
    ],
  });
  await apollo.start();
  const failedAuth = failedAuthGuard(limits);
  await failedAuth.start(apollo.logger);

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const probes = await Promise.all(
      options.readinessProbes.map((url) => probeGraphql(url, 2000).then((p) => ({ url, ...p }))),
    );
    const ready = probes.every((p) => p.ok);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      supergraph: 'loaded',
      required: probes.map((p) => ({
        url: p.url,
        reachable: p.ok,
        ...(p.detail ? { detail: p.detail } : {}),
      })),
    });
  });
  app.get(
    '/metrics',
    cluster.isWorker
      ? clusterMetricsRoute({ registry: options.metrics.registry })
      : options.metrics.handler(),
  );
  // Internal addresses only for a caller with a valid token (who may also read them from the registry).
  app.get('/status', async (req, res) => {
    const status = await options.status();
    let caller: Principal | null = null;
    if (req.headers.authorization) {
      try {
        caller = await failedAuth.authenticate(req.ip, () =>
          verifier.verify(req.headers.authorization as string),
        );
      } catch {
        caller = null;
      }
    }
    const shown = caller ? status : publicStatus(status);
    // A browser asks for HTML first: it gets a page in words; everything else gets JSON.
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/html']) === 'text/html') {
      res.set('content-security-policy', STATUS_PAGE_CSP).type('html').send(statusPage(shown));
      return;
    }
    res.json(shown);
  });
  // Referral notifications over server-sent events, before /graphql (whose prefix it shares).
  const notifications = options.notifications
    ? referralNotifications({
        ...options.notifications,
        authenticate: (authorization, clientIp) =>
          failedAuth.authenticate(clientIp, () => verifier.verify(authorization)),
      })
    : null;
  if (notifications) app.use(notifications.router);
  app.use(
    '/graphql',
    ...bodyLimits(limits, (req, status, code) =>
      refusals({
        traceId: traceIdOf(headerReader(req)),
        requestingCountry: null,
        subject: null,
        status,
        codes: [code],
      }),
    ),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const query = (req.body as { query?: unknown } | undefined)?.query;
        const deadline = deadlineOf(req.headers[TIME_BUDGET_HEADER], arrivalOf(res));
        try {
          return {
            caller: await failedAuth.authenticate(req.ip, () =>
              authenticateRequest(verifier, req.headers.authorization, query),
            ),
            clientIp: req.ip,
            deadline,
          };
        } catch (error) {
          // Refused before Apollo's request pipeline (and its plugins) starts: log it here.
          refusals({
            traceId: traceIdOf(headerReader(req)),
            requestingCountry: null,
            subject: null,
            status: (error as GraphQLError).extensions?.code === 'AUTHENTICATION_RATE_LIMITED' ? 429 : 401,
            codes: [String((error as GraphQLError).extensions?.code ?? 'UNAUTHENTICATED')],
          });
          throw error;
        }
      },
    }),
  );
  // The dashboard is a client of the public API with the user's own token: served in production too.
  const dashboard = dashboardOptionsFromEnv(process.env);
  if (dashboard) app.use(dashboardRouter({ ...dashboard, signIn: options.signIn ?? [] }));
  // The IDE (and introspection, see the limits) are for the local network, never production.
  if (!limits.production) {
    const apiSchemaSdl = printSchema(Supergraph.build(options.supergraphSdl).apiSchema().toGraphQLJSSchema());
    app.use(
      ideRouter({
        endpoint: '/graphql',
        title: 'Nordic anti-trafficking network',
        schemaSdl: apiSchemaSdl,
        signIn: options.signIn ?? [],
      }),
    );
  }

  // Last: anything that failed before GraphQL is answered as JSON, never Express's HTML stack trace.
  app.use(
    jsonErrorHandler((error) => apollo.logger.error(`request failed before GraphQL: ${String(error)}`)),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    registry: options.registry,
    schemaChecker: options.schemaChecker,
    async close() {
      options.schemaChecker?.stop();
      notifications?.close();
      await apollo.stop();
      await failedAuth.close();
      await documentStore?.close();
      await options.onClose?.();
    },
  };
}

/** The gateway's client certificate for the countries (mutual TLS), read at start; null without one. */
function countryTlsOf(config: GatewayConfig): ClientTls | null {
  const files = config.countryTls;
  if (!files) return null;
  return {
    cert: readPemFile('countryTls.certFile (GATEWAY_COUNTRY_TLS_CERT_FILE)', files.certFile),
    key: readPemFile('countryTls.keyFile (GATEWAY_COUNTRY_TLS_KEY_FILE)', files.keyFile),
    ca: files.caFile ? readPemFile('countryTls.caFile (GATEWAY_COUNTRY_TLS_CA_FILE)', files.caFile) : null,
  };
}

/**
 * The Nordic gateway: the supergraph composed from the contract, with each partitioned subgraph
 * served by a partition router over the configured countries.
 */
export async function startNordicGateway(
  config: GatewayConfig,
  scale: ScaleOptions,
): Promise<RunningGateway> {
  const contract = composeFromContract();
  const countries = config.countries.map((c) => ({ ...c }));
  const tls = countryTlsOf(config);
  const registry = new CountryRegistry(
    countries,
    {
      failureThreshold: config.circuitBreaker.failureThreshold,
      resetAfterMs: config.circuitBreaker.resetAfterSeconds * 1000,
    },
    tls,
  );
  const schemaChecker = new SchemaChecker(
    {
      countries,
      contractSdl: contract.contractSdl,
      intervalMs: config.schemaCheckIntervalSeconds * 1000,
      tls,
    },
    registry,
  );
  await schemaChecker.checkAll();
  schemaChecker.start();

  const metrics = new ServiceMetrics('gateway');
  const log = createRoutingLog();
  const observe = observeCountries(metrics, registry);
  const routingLog: RoutingLog = (entry) => {
    log(entry);
    observe(entry);
  };
  const inFlight = scale.deduplicateInFlight ? new InFlightRequests(observeSharedFetches(metrics)) : null;
  const representations = observeRepresentations(metrics);
  const statisticsCache = scale.statisticsCache ? await startStatisticsCache(scale.redisUrl, metrics) : null;
  const transport = countryTransport({
    observer: registry,
    routingLog,
    inFlight,
    statisticsCache: statisticsCache?.hook ?? null,
  });
  const gateway = new ApolloGateway({
    supergraphSdl: contract.supergraphSdl,
    // The router analyses each fetch from the planner's own document instead of parsing its text again.
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    buildService: ({ name }) => {
      if (name === 'national' || name === 'crossborder')
        return new PartitionedDataSource(name, contract.routes[name], registry, transport, representations);
      return new ForwardHeadersDataSource({ url: config.network.url });
    },
  });
  return serve({
    limits: loadLimitsOptions(process.env),
    supergraphSdl: contract.supergraphSdl,
    host: config.host,
    port: config.port,
    introspection: config.introspection,
    gateway,
    readinessProbes: [config.network.url],
    registry,
    schemaChecker,
    metrics,
    scale,
    corsOrigins: config.corsOrigins,
    signIn: signInCountries(config.countries),
    notifications: { countries, tls },
    status: async () => {
      const network = await probeGraphql(config.network.url, config.network.timeoutMs);
      return {
        network: {
          url: config.network.url,
          state: network.ok ? 'up' : 'down',
          latencyMs: Math.round(network.latencyMs * 10) / 10,
        },
        countries: registry.snapshot(),
      };
    },
    onClose: async () => {
      await statisticsCache?.close();
      await registry.close();
    },
  });
}

/**
 * Serves any composed supergraph file as a standard Apollo Federation 2 gateway (no partitions):
 * every subgraph at the URL the supergraph names.
 */
export async function startPlainGateway(options: {
  supergraphSdl: string;
  host: string;
  port: number;
  introspection?: boolean;
  scale: ScaleOptions;
  corsOrigins?: readonly string[];
}): Promise<RunningGateway> {
  const urls = [...options.supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)].map(
    (m) => ({
      name: m[1] as string,
      url: m[2] as string,
    }),
  );
  // Fewer subgraph calls than stock: levelled plans, batched and deduplicated entity fetches (src/plain).
  const http = new SubgraphHttp();
  const batcher = new EntityBatcher(http, readEntityKeys(options.supergraphSdl));
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true, cache: new LevelledPlanStore() },
    buildService: ({ name, url }) => new PlainDataSource(name, url ?? '', http, batcher),
  });
  return serve({
    limits: loadLimitsOptions(process.env),
    supergraphSdl: options.supergraphSdl,
    host: options.host,
    port: options.port,
    introspection: options.introspection ?? true,
    gateway,
    readinessProbes: urls.map((u) => u.url),
    metrics: new ServiceMetrics('gateway'),
    scale: options.scale,
    corsOrigins: options.corsOrigins ?? [],
    registry: null,
    schemaChecker: null,
    onClose: () => http.close(),
    status: async () => ({
      subgraphs: await Promise.all(
        urls.map(async (u) => {
          const probe = await probeGraphql(u.url, 2000);
          return {
            name: u.name,
            url: u.url,
            state: probe.ok ? 'up' : 'down',
            latencyMs: Math.round(probe.latencyMs * 10) / 10,
          };
        }),
      ),
    }),
  });
}
