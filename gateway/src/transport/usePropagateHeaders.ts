import { setByTracing } from '@nordic/subgraph-common';
import type { FetchHook, IncomingHeaders } from './countryFetch';

/**
 * Headers passed on to every country unchanged: the caller's credentials and the trace context (which,
 * with tracing on, the instrumentation sends instead, carrying the gateway's span). The one list the
 * gateway has: the network subgraph's data source and the in-flight key read it too.
 */
export const FORWARDED_HEADERS = [
  'authorization',
  'x-purpose',
  'traceparent',
  'tracestate',
  'baggage',
  'x-request-id',
] as const;

/** The forwarded headers present on a client request. */
export function forwardedHeaders(incoming: IncomingHeaders | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!incoming) return headers;
  for (const name of FORWARDED_HEADERS) {
    if (setByTracing(name)) continue;
    const value = incoming.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}

/** Passes the caller's forwarded headers on to the country. */
export const usePropagateHeaders = (): FetchHook => (fetch, next) => {
  Object.assign(fetch.headers, forwardedHeaders(fetch.incoming));
  return next(fetch);
};
