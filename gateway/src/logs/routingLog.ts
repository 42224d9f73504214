import type pino from 'pino';
import { gatewayLogger } from './stdout';

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
export function createRoutingLog(destination?: pino.DestinationStream): RoutingLog {
  const logger = gatewayLogger('routing', destination);
  return (entry) => logger.info(entry, 'route');
}
