import { isSpanContextValid, trace } from '@opentelemetry/api';

/** The request's trace id (the active span's with tracing on, else from `traceparent`), or its `x-request-id`. */
export function traceIdOf(
  headers: { get(name: string): string | null | undefined } | undefined,
): string | null {
  const active = trace.getActiveSpan()?.spanContext();
  if (active && isSpanContextValid(active)) return active.traceId;
  const traceparent = headers?.get('traceparent');
  const match = traceparent ? /^[0-9a-f]{2}-([0-9a-f]{32})-/.exec(traceparent) : null;
  return match ? (match[1] as string) : (headers?.get('x-request-id') ?? null);
}
