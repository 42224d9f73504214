/** The W3C trace id of a request (from `traceparent`), or its `x-request-id`. */
export function traceIdOf(
  headers: { get(name: string): string | null | undefined } | undefined,
): string | null {
  const traceparent = headers?.get('traceparent');
  const match = traceparent ? /^[0-9a-f]{2}-([0-9a-f]{32})-/.exec(traceparent) : null;
  return match ? (match[1] as string) : (headers?.get('x-request-id') ?? null);
}
