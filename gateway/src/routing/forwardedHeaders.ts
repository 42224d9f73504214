import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';

/** Headers passed on to every country unchanged: the caller's credentials and the trace context. */
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
    const value = incoming.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}
