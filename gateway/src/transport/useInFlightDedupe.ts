import type { FetchHook } from './countryFetch';
import { inFlightKey, type InFlightRequests } from './inFlightRequests';

/**
 * A query without a declared purpose (aggregates, the directory) joins an identical fetch already on
 * the wire; a mutation or a person-level read never does (see `inFlightKey`).
 */
export const useInFlightDedupe =
  (inFlight: InFlightRequests): FetchHook =>
  (fetch, next) => {
    if (fetch.isMutation) return next(fetch);
    const key = inFlightKey(fetch.country, fetch.subgraph, fetch.body, fetch.headers);
    if (key === null) return next(fetch);
    return inFlight.share(key, { country: fetch.country, subgraph: fetch.subgraph }, () => next(fetch));
  };
