import type { GraphqlResult } from '../countries/countryClient';
import type { FetchHook } from '../transport/countryFetch';
import { isStatisticsFetch } from './cacheableFetch';
import { statisticsCacheKey } from './cacheKey';
import type { StatisticsCacheStore } from './statisticsCacheStore';

/** The request header the country reads (subgraphs/national/src/statistics/dataVersionPlugin.ts). */
export const DATA_VERSION_HEADER = 'x-data-version';

/** Hears every cached-or-not decision on a statistics fetch: served from the cache (hit) or not (miss). */
export type StatisticsCacheObserver = (country: string, hit: boolean) => void;

interface VersionedResult extends GraphqlResult {
  extensions?: { dataVersion?: unknown; dataVersionUnchanged?: unknown };
}

/**
 * Statistics answers cached per country, keyed by the query, the caller's authorisation scope and the
 * country's data version (docs/benchmarks.md, "Statistics cache"). A statistics fetch still goes to the
 * country, carrying the version of the cached answer; the country answers "unchanged" without running
 * the query when no write happened since, and the cached answer is used. Any write moves the version
 * on, so the next fetch gets a fresh answer. Only fetches of statistics fields are looked at; a
 * person-level read, a mutation, or an answer with errors or without a version is never kept.
 */
export function useStatisticsCache(store: StatisticsCacheStore, observe: StatisticsCacheObserver): FetchHook {
  return async (fetch, next) => {
    const caller = fetch.caller;
    if (
      fetch.isMutation ||
      !caller ||
      !isStatisticsFetch(fetch.body.query, fetch.body.variables?.representations)
    )
      return next(fetch);
    const key = statisticsCacheKey(fetch, caller);
    const cached = await store.get(key);
    fetch.headers[DATA_VERSION_HEADER] = cached?.version ?? '*';
    let answer = (await next(fetch)) as VersionedResult;
    const version = answer.extensions?.dataVersion;
    if (answer.extensions?.dataVersionUnchanged === true) {
      if (cached && version === cached.version) {
        observe(fetch.country, true);
        // The router merges into what it gets: each use has its own copy.
        return { data: structuredClone(cached.data) };
      }
      // "Unchanged" against a version this fetch did not send (never expected): ask in full.
      fetch.headers[DATA_VERSION_HEADER] = '*';
      answer = (await next(fetch)) as VersionedResult;
    }
    observe(fetch.country, false);
    const fresh = answer.extensions?.dataVersion;
    if (typeof fresh === 'string' && answer.data && !(answer.errors && answer.errors.length > 0))
      await store.set(key, { version: fresh, data: structuredClone(answer.data) });
    return answer.errors ? { data: answer.data, errors: answer.errors } : { data: answer.data };
  };
}
