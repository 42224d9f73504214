import { CountryFailure } from '../countries/countryClient';
import { GatewayErrorCode } from '../errors';
import { connectedClient, type FetchHook } from './countryFetch';

/**
 * A country whose recent fetches failed is not called for a while: its part fails fast. A timeout set
 * by the client's budget says nothing about the country's health, so it is not counted.
 */
export const useCircuitBreaker = (): FetchHook => async (fetch, next) => {
  const breaker = connectedClient(fetch).breaker;
  if (!breaker.allowRequest()) {
    throw new CountryFailure(
      GatewayErrorCode.COUNTRY_UNAVAILABLE,
      `${fetch.country} is unavailable: its recent requests failed, so the gateway is not calling it for a while (circuit open).`,
    );
  }
  try {
    const answer = await next(fetch);
    breaker.recordSuccess();
    return answer;
  } catch (error) {
    if (fetch.byBudget && error instanceof CountryFailure && error.code === GatewayErrorCode.COUNTRY_TIMEOUT)
      breaker.recordInconclusive();
    else breaker.recordFailure();
    throw error;
  }
};
