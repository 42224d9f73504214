import { forwardedHeaders } from './forwardedHeaders';
import { TIME_BUDGET_HEADER } from './timeBudget';

/**
 * The one shape of an outgoing GraphQL fetch, as it passes through its hooks: the gateway's fetch from a
 * country (gateway/src/transport) and a national service's call back through the gateway
 * (subgraphs/national/src/crossborder/gatewayClient.ts) both extend it and are built with `composeFetch`.
 */
export interface OutgoingFetch {
  /** Headers sent: filled by the header and time-budget hooks. */
  headers: Record<string, string>;
  /** How long the other side gets; lowered by `useTimeBudget` to what the caller has left. */
  timeoutMs: number;
  /** Whether `timeoutMs` is the caller's budget rather than the fetch's own timeout. */
  byBudget: boolean;
  /** When the caller stops waiting (`performance.now()` clock, from `x-time-budget-ms`), or null. */
  readonly deadline: number | null;
  /** Reads one of the caller's request headers; absent for a fetch made on the service's own behalf. */
  readonly incomingHeader?: (name: string) => string | null | undefined;
}

/** Makes the fetch (or throws). */
export type FetchHandlerOf<F, R> = (fetch: F) => Promise<R>;

/**
 * One behaviour around a fetch (in the spirit of Hive Gateway's plugins): it may change the fetch, answer
 * it itself, or call `next` and look at what came back.
 */
export type FetchHookOf<F, R> = (fetch: F, next: FetchHandlerOf<F, R>) => Promise<R>;

/** The hooks in order, outermost first, around the handler that makes the request. */
export function composeFetch<F, R>(
  hooks: readonly FetchHookOf<F, R>[],
  send: FetchHandlerOf<F, R>,
): FetchHandlerOf<F, R> {
  return hooks.reduceRight<FetchHandlerOf<F, R>>((next, hook) => (fetch) => hook(fetch, next), send);
}

/** Passes the caller's credentials, purpose and trace context on (`FORWARDED_HEADERS`). */
export function usePropagateHeaders<F extends OutgoingFetch, R>(): FetchHookOf<F, R> {
  return (fetch, next) => {
    const read = fetch.incomingHeader;
    if (read) Object.assign(fetch.headers, forwardedHeaders(read));
    return next(fetch);
  };
}

export interface TimeBudgetOptions<F> {
  /** The clock deadlines are read on. */
  now?: () => number;
  /**
   * Of the time the caller has left, what this side keeps back to answer its own caller after the fetch
   * failed (a national service's cross-border step: `answerMarginMs`); none at the gateway.
   */
  marginMs?: (remaining: number) => number;
  /** The error for a fetch whose budget is already spent: it is not sent. */
  spent: (fetch: F) => Error;
}

/**
 * The fetch gets its own timeout, or less when the caller's time budget (less the margin) ends sooner,
 * and the other side is told what it has (`x-time-budget-ms`), so its own onward calls end in time.
 */
export function useTimeBudget<F extends OutgoingFetch, R>(options: TimeBudgetOptions<F>): FetchHookOf<F, R> {
  const now = options.now ?? (() => performance.now());
  return (fetch, next) => {
    if (fetch.deadline !== null) {
      const remaining = fetch.deadline - now();
      const left = Math.floor(remaining - (options.marginMs?.(remaining) ?? 0));
      if (left < fetch.timeoutMs) {
        fetch.timeoutMs = left;
        fetch.byBudget = true;
      }
    }
    if (fetch.timeoutMs <= 0) return Promise.reject(options.spent(fetch));
    fetch.headers[TIME_BUDGET_HEADER] = String(fetch.timeoutMs);
    return next(fetch);
  };
}
