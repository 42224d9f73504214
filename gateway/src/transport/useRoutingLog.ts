import { CountryFailure } from '../countries/countryClient';
import type { RoutingLog } from '../logs/routingLog';
import { traceIdOf } from '../logs/traceId';
import type { FetchHook } from './countryFetch';

/** One routing-log line per country fetch: who asked whom and how it went, never what. */
export const useRoutingLog =
  (log: RoutingLog, now: () => number = () => performance.now()): FetchHook =>
  async (fetch, next) => {
    const started = now();
    const write = (outcome: string) =>
      log({
        traceId: traceIdOf(fetch.incoming),
        requestingCountry: fetch.route.requestingCountry,
        servingCountry: fetch.country,
        subgraph: fetch.subgraph,
        kind: fetch.route.kind,
        fields: [...fetch.route.fields],
        representations: fetch.route.representations,
        outcome,
        latencyMs: Math.round((now() - started) * 10) / 10,
      });
    try {
      const answer = await next(fetch);
      write(answer.errors?.length ? 'ANSWERED_WITH_ERRORS' : 'OK');
      return answer;
    } catch (error) {
      if (error instanceof CountryFailure) write(error.code);
      throw error;
    }
  };
