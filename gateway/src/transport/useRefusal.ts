import { CountryClient, CountryFailure } from '../countries/countryClient';
import type { FetchHook } from './countryFetch';

/**
 * A country the registry refuses (not connected, directory only, out of routing for a schema mismatch)
 * is not asked; its part gets the refusal's code, and the routing log still records the attempt.
 */
export const useRefusal = (): FetchHook => (fetch, next) =>
  fetch.client instanceof CountryClient
    ? next(fetch)
    : Promise.reject(new CountryFailure(fetch.client.code, fetch.client.message));
