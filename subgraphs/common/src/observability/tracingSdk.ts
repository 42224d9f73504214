import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { markTracingEnabled } from './tracingState';

/** Paths polled by monitoring: no spans for them, they would bury the requests worth tracing. */
const POLLED_PATHS = new Set(['/health', '/ready', '/metrics', '/status']);

function pathOf(url: string | undefined): string {
  return withoutQuery(url ?? '/') || '/';
}

function withoutQuery(url: string): string {
  return url.split('?')[0] as string;
}

/**
 * The OpenTelemetry Node SDK with the instrumentations this network uses, started for `serviceName`.
 * Exporter, protocol and sampler come from the standard `OTEL_*` variables. Spans never carry ids,
 * arguments, tokens or payloads: no headers are captured, URLs lose their query string, GraphQL values
 * are masked and no resolver spans are made.
 */
export function startSdk(serviceName: string, env: NodeJS.ProcessEnv): { shutdown(): Promise<void> } {
  // Traces only: metrics are Prometheus (`/metrics`) and logs are JSON lines on stdout.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const sdk = new NodeSDK({
    serviceName,
    // No host or process detectors: process.command_args would put every flag into every span batch.
    resourceDetectors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => POLLED_PATHS.has(pathOf(request.url)),
        // Query strings may carry a GET operation's arguments: keep the path, drop the query.
        applyCustomAttributesOnSpan: (span, request) => {
          if ('path' in request) {
            const full = `${request.protocol}//${request.host}${request.path}`;
            if (request.path.includes('?')) span.setAttribute('url.full', withoutQuery(full));
          } else if (request.url?.includes('?')) {
            span.setAttribute('url.query', 'REDACTED');
          }
        },
      }),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new GraphQLInstrumentation({
        allowValues: false,
        ignoreResolveSpans: true,
        mergeItems: true,
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
  markTracingEnabled();
  return { shutdown: () => sdk.shutdown() };
}
