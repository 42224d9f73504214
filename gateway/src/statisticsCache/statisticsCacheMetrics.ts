import type { ServiceMetrics } from '@nordic/subgraph-common';
import { Counter } from 'prom-client';
import type { StatisticsCacheObserver } from './useStatisticsCache';

/**
 * `statistics_cache_requests_total{country, result}`: statistics fetches answered from the cache
 * (`hit`, the country said its data is unchanged) or by the country (`miss`). The hit rate is
 * `rate(…{result="hit"}) / rate(…)`; with `--workers` the workers' counts are summed.
 */
export function observeStatisticsCache(metrics: ServiceMetrics): StatisticsCacheObserver {
  const lookups = new Counter({
    name: 'statistics_cache_requests_total',
    help: 'Statistics fetches by country, answered from the cache (hit) or by the country (miss).',
    labelNames: ['country', 'result'],
    registers: [metrics.registry],
  });
  return (country, hit) => lookups.inc({ country, result: hit ? 'hit' : 'miss' });
}
