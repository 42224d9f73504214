import { forwardedHeaders } from '@nordic/subgraph-common';
import type { FetchHook } from './countryFetch';

/** Passes the caller's credentials, purpose and trace context on to the country (`FORWARDED_HEADERS`). */
export const usePropagateHeaders = (): FetchHook => (fetch, next) => {
  const incoming = fetch.incoming;
  if (incoming)
    Object.assign(
      fetch.headers,
      forwardedHeaders((name) => incoming.get(name)),
    );
  return next(fetch);
};
