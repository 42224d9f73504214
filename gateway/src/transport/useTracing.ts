import { SpanStatusCode, trace } from '@opentelemetry/api';
import { CountryFailure } from '../countries/countryClient';
import type { FetchHook } from './countryFetch';

/** Spans of the gateway's own work (a no-op while tracing is off). */
const tracer = trace.getTracer('nordic-gateway');

/**
 * Each fetch in a span `country fetch <code>` (country, subgraph and outcome code as attributes) whose
 * child, the HTTP request, carries the trace context to the country.
 */
export const useTracing = (): FetchHook => (fetch, next) =>
  tracer.startActiveSpan(
    `country fetch ${fetch.country}`,
    { attributes: { 'nordic.country': fetch.country, 'nordic.subgraph': fetch.subgraph } },
    async (span) => {
      try {
        const answer = await next(fetch);
        span.setAttribute('nordic.outcome', 'OK');
        return answer;
      } catch (error) {
        span.setAttribute('nordic.outcome', error instanceof CountryFailure ? error.code : 'ERROR');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
