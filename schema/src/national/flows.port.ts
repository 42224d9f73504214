import type { ReferralMetrics, RouteFlow } from './flows.types';

/** A validated period: the range summed into one row per pair, or one row per year with `byYear`. */
export interface FlowQuery {
  yearFrom: number;
  yearTo: number;
  byYear: boolean;
}

/**
 * Cross-border aggregates a national implementation provides besides its statistics table, each
 * computed in its store with the same small-cell suppression.
 */
export interface FlowsPort {
  /** Registered victims by (recruitment country, exploitation country) from this country's cases. */
  routeFlows(query: FlowQuery): Promise<RouteFlow[]>;
  /** Referrals this country sent, by destination country: counts and median days to an answer. */
  referralMetrics(query: FlowQuery): Promise<ReferralMetrics[]>;
}
