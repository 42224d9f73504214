import { TIME_BUDGET_HEADER } from '@nordic/subgraph-common';
import { CountryFailure } from '../countries/countryClient';
import { GatewayErrorCode } from '../errors';
import type { FetchHook } from './countryFetch';

/**
 * The country gets its own timeout, or less when the client's time budget ends sooner, and is told what
 * it has (`x-time-budget-ms`) so that its own cross-border calls end in time. A fetch whose budget is
 * already spent is not sent. `now` is the clock deadlines are read on (`performance.now()`).
 */
export const useTimeBudget =
  (now: () => number = () => performance.now()): FetchHook =>
  (fetch, next) => {
    const left = fetch.deadline === null ? Number.POSITIVE_INFINITY : Math.floor(fetch.deadline - now());
    if (left < fetch.timeoutMs) {
      fetch.timeoutMs = left;
      fetch.byBudget = true;
    }
    if (fetch.timeoutMs <= 0) {
      return Promise.reject(
        new CountryFailure(
          GatewayErrorCode.COUNTRY_TIMEOUT,
          `${fetch.country} was not asked: the request's time budget (${TIME_BUDGET_HEADER}) ran out first.`,
        ),
      );
    }
    fetch.headers[TIME_BUDGET_HEADER] = String(fetch.timeoutMs);
    return next(fetch);
  };
