import { type GraphqlResult, CountryFailure } from '../countries/countryClient';
import { TIME_BUDGET_HEADER, useTimeBudget as timeBudget } from '@nordic/subgraph-common';
import { GatewayErrorCode } from '../errors';
import type { CountryFetch, FetchHook } from './countryFetch';

/**
 * The country gets its own timeout, or less when the client's time budget ends sooner, and is told what
 * it has (`x-time-budget-ms`) so that its own cross-border calls end in time. A fetch whose budget is
 * already spent is not sent. `now` is the clock deadlines are read on (`performance.now()`). The same
 * hook, with a margin to answer in, times a national service's calls back through the gateway.
 */
export const useTimeBudget = (now?: () => number): FetchHook =>
  timeBudget<CountryFetch, GraphqlResult>({
    now,
    spent: (fetch) =>
      new CountryFailure(
        GatewayErrorCode.COUNTRY_TIMEOUT,
        `${fetch.country} was not asked: the request's time budget (${TIME_BUDGET_HEADER}) ran out first.`,
      ),
  });
