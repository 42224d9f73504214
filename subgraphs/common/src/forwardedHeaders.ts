import { setByTracing } from './observability/tracingState';

/**
 * Headers of the caller's request that every onward call passes on unchanged — the gateway to each
 * country, a national service back through the gateway in a cross-border step, the gateway to the
 * network registry: the caller's credentials, declared purpose and trace context. The one list.
 */
export const FORWARDED_HEADERS = [
  'authorization',
  'x-purpose',
  'traceparent',
  'tracestate',
  'baggage',
  'x-request-id',
] as const;

/**
 * The forwarded headers present on a request; trace context headers are left to the instrumentation
 * when tracing is on (see `setByTracing`).
 */
export function forwardedHeaders(
  read: (name: string) => string | string[] | null | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    if (setByTracing(name)) continue;
    const value = read(name);
    const text = Array.isArray(value) ? value[0] : value;
    if (text) headers[name] = text;
  }
  return headers;
}
