import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { setByTracing } from '@nordic/subgraph-common';

/**
 * Headers passed on to every country unchanged: the caller's credentials and the trace context (which,
 * with tracing on, the instrumentation sends instead, carrying the gateway's span).
 */
export const FORWARDED_HEADERS = [
  'authorization',
  'x-purpose',
  'traceparent',
  'tracestate',
  'baggage',
  'x-request-id',
] as const;

export function forwardedHeaders(
  options: GraphQLDataSourceProcessOptions<Record<string, unknown>>,
): Record<string, string> {
  const incoming =
    'incomingRequestContext' in options ? options.incomingRequestContext?.request?.http?.headers : undefined;
  const headers: Record<string, string> = {};
  if (!incoming) return headers;
  for (const name of FORWARDED_HEADERS) {
    if (setByTracing(name)) continue;
    const value = incoming.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}
