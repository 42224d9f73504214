import { isSpanContextValid, trace } from '@opentelemetry/api';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}/;

/**
 * The W3C trace id a request belongs to: the active span's when tracing is on (it continues the
 * caller's trace), else the one in the caller's `traceparent` header; null when there is neither.
 */
export function currentTraceId(traceparent: string | null | undefined): string | null {
  const active = trace.getActiveSpan()?.spanContext();
  if (active && isSpanContextValid(active)) return active.traceId;
  return (traceparent && TRACEPARENT.exec(traceparent)?.[1]) || null;
}
