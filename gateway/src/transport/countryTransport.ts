import type { CountryCallObserver } from '../countries/countryClient';
import type { RoutingLog } from '../logs/routingLog';
import { composeFetch, connectedClient, type FetchHandler, type FetchHook } from './countryFetch';
import { useRefusal } from './useRefusal';
import type { InFlightRequests } from './inFlightRequests';
import { useCircuitBreaker } from './useCircuitBreaker';
import { useCountryObserver } from './useCountryObserver';
import { useInFlightDedupe } from './useInFlightDedupe';
import { usePropagateHeaders } from './usePropagateHeaders';
import { useRoutingLog } from './useRoutingLog';
import { useTimeBudget } from './useTimeBudget';
import { useTracing } from './useTracing';

export interface CountryTransportOptions {
  /** Hears how each sent fetch went (the country registry: `/status`, metrics). */
  observer: CountryCallObserver;
  routingLog?: RoutingLog | null;
  /** Shares identical query fetches in flight at the same time; none sends every fetch. */
  inFlight?: InFlightRequests | null;
  /** Serves statistics answers from the cache when the country's data has not changed (gateway/src/statisticsCache). */
  statisticsCache?: FetchHook | null;
}

/**
 * The one way the gateway fetches from a country. Outermost first:
 * headers → routing log → refusal → in-flight sharing → statistics cache → tracing span → time budget → circuit breaker →
 * registry observer → HTTP. A shared fetch is logged for each caller but sent, traced and counted once;
 * a fetch the budget or the breaker refuses is logged but never reaches the registry's health count.
 */
export function countryTransport(options: CountryTransportOptions): FetchHandler {
  const hooks: FetchHook[] = [
    usePropagateHeaders(),
    ...(options.routingLog ? [useRoutingLog(options.routingLog)] : []),
    useRefusal(),
    ...(options.inFlight ? [useInFlightDedupe(options.inFlight)] : []),
    ...(options.statisticsCache ? [options.statisticsCache] : []),
    useTracing(),
    useTimeBudget(),
    useCircuitBreaker(),
    useCountryObserver(options.observer),
  ];
  return composeFetch(hooks, (fetch) =>
    connectedClient(fetch).post(fetch.subgraph, fetch.body, fetch.headers, fetch.timeoutMs, fetch.byBudget),
  );
}
