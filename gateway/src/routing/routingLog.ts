import pino from 'pino';

/** One routed fetch, as the network's routing log keeps it: who asked whom, never what. */
export interface RoutingLogEntry {
  traceId: string | null;
  /** Home country of the caller (from the verified token). */
  requestingCountry: string | null;
  servingCountry: string;
  subgraph: 'national' | 'crossborder';
  kind: 'entities' | 'root';
  /** Root field names (never arguments or values), or the entity count. */
  fields: string[];
  representations: number;
  outcome: string;
  latencyMs: number;
}

export type RoutingLog = (entry: RoutingLogEntry) => void;

/**
 * The gateway's routing log (DOMAIN §4.5): trace id, requesting and serving country, outcome and
 * latency of every country fetch, as JSON lines on stdout — without payloads, ids or argument values,
 * so it can be kept and shipped where person-level data may not go.
 */
export function createRoutingLog(destination: pino.DestinationStream = pino.destination(1)): RoutingLog {
  const logger = pino(
    { base: { service: 'gateway', log: 'routing' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
  return (entry) => logger.info(entry, 'route');
}

/** The W3C trace id of the caller's request, or its request id. */
export function traceIdOf(
  headers: { get(name: string): string | null | undefined } | undefined,
): string | null {
  const traceparent = headers?.get('traceparent');
  const match = traceparent ? /^[0-9a-f]{2}-([0-9a-f]{32})-/.exec(traceparent) : null;
  return match ? (match[1] as string) : (headers?.get('x-request-id') ?? null);
}
