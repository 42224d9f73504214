import { type CountryCallObserver, CountryFailure } from '../countries/countryClient';
import type { FetchHook } from './countryFetch';

/** Tells the country registry (its `/status` and metrics) how each fetch that was sent went. */
export const useCountryObserver =
  (observer: CountryCallObserver, now: () => number = () => performance.now()): FetchHook =>
  async (fetch, next) => {
    const started = now();
    try {
      const answer = await next(fetch);
      observer.onSuccess(fetch.country, now() - started);
      return answer;
    } catch (error) {
      if (error instanceof CountryFailure) observer.onFailure(fetch.country, error);
      throw error;
    }
  };
