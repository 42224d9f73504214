import { currentTraceId } from '@nordic/subgraph-common';

/** The request's trace id (the active span's with tracing on, else from `traceparent`), or its `x-request-id`. */
export function traceIdOf(
  headers: { get(name: string): string | null | undefined } | undefined,
): string | null {
  return currentTraceId(headers?.get('traceparent')) ?? headers?.get('x-request-id') ?? null;
}
