import {
  CountryClient,
  CountryFailure,
  type GraphqlBody,
  type GraphqlResult,
  type PartitionedSubgraph,
} from '../countries/countryClient';
import type { Refusal } from '../countries/countryRegistry';
import { composeFetch, type FetchHandlerOf, type FetchHookOf, type Principal } from '@nordic/subgraph-common';

/** The incoming client request's headers, as Apollo Server hands them to a data source. */
export interface IncomingHeaders {
  get(name: string): string | null | undefined;
}

/**
 * One fetch from one country, as it passes through the transport's hooks. The router fills what the
 * query plan decided; hooks fill the rest (the headers to send, the time the country gets).
 */
export interface CountryFetch {
  /**
   * The country's endpoints, connection pool, timeout and circuit breaker — or why it cannot be asked
   * now (not connected, out of routing), which `useRefusal` turns into the country's error.
   */
  readonly client: CountryClient | Refusal;
  readonly country: string;
  readonly subgraph: PartitionedSubgraph;
  readonly body: GraphqlBody;
  /** A mutation is never shared with another caller's fetch. */
  readonly isMutation: boolean;
  /** The verified caller the fetch is made for (the statistics cache's scope), or null. */
  readonly caller?: Principal | null;
  /** The client's request headers, or none (a fetch the gateway makes on its own). */
  readonly incoming: IncomingHeaders | undefined;
  /** When the client stops waiting (`x-time-budget-ms`), or null. */
  readonly deadline: number | null;
  /** The routing log's view of this fetch: what was asked, never the data. */
  readonly route: {
    kind: 'entities' | 'root';
    fields: readonly string[];
    representations: number;
    requestingCountry: string | null;
  };
  /** Headers sent to the country: filled by `usePropagateHeaders` and `useTimeBudget`. */
  headers: Record<string, string>;
  /** How long the country gets: its own timeout, lowered by `useTimeBudget` to what the client has left. */
  timeoutMs: number;
  /** Whether `timeoutMs` is the client's budget rather than the country's timeout. */
  byBudget: boolean;
}

/** Makes the fetch, or throws a `CountryFailure`. */
export type FetchHandler = FetchHandlerOf<CountryFetch, GraphqlResult>;

/**
 * One behaviour around a country fetch: it may change the fetch, answer it itself, or call `next` and
 * look at what came back. Composed with the shared `composeFetch` (@nordic/subgraph-common), as the
 * national services' calls back through the gateway are.
 */
export type FetchHook = FetchHookOf<CountryFetch, GraphqlResult>;

export { composeFetch };

/** The country's client, for hooks that run after `useRefusal` (which lets no refused fetch through). */
export function connectedClient(fetch: CountryFetch): CountryClient {
  if (fetch.client instanceof CountryClient) return fetch.client;
  throw new CountryFailure(fetch.client.code, fetch.client.message);
}
