let exporting = false;

/** Whether this process exports spans (set once by `startTracing`); cheap to ask on any path. */
export function tracingEnabled(): boolean {
  return exporting;
}

export function markTracingEnabled(): void {
  exporting = true;
}

const TRACE_CONTEXT_HEADERS = new Set(['traceparent', 'tracestate', 'baggage']);

/**
 * Whether a header passed on to another service is set by tracing instead: with tracing on, the http
 * and undici instrumentations send the current span's context, so passing the caller's on as well would
 * send two `traceparent`s (which the receiver rejects, starting a new trace).
 */
export function setByTracing(header: string): boolean {
  return exporting && TRACE_CONTEXT_HEADERS.has(header.toLowerCase());
}
