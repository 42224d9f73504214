export interface Tracing {
  /** True when spans are exported (an OTLP endpoint is configured). */
  enabled: boolean;
  /** Exports the spans still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing for `serviceName` when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set. Otherwise it does nothing: the SDK is not even loaded.
 * Must run before the instrumented modules (http, express, graphql, pg, undici) are first required.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    return { enabled: false, shutdown: async () => {} };
  }
  // Loaded only when tracing is on: the SDK and its instrumentations take a quarter of a second to load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./tracingSdk') as typeof import('./tracingSdk');
  return { enabled: true, ...startSdk(serviceName, env) };
}
