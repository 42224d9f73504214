import type { ServiceMetrics } from '@nordic/subgraph-common';
import type { FetchHook } from '../transport/countryFetch';
import { observeStatisticsCache } from './statisticsCacheMetrics';
import {
  MemoryStatisticsCache,
  RedisStatisticsCache,
  type StatisticsCacheStore,
} from './statisticsCacheStore';
import { useStatisticsCache } from './useStatisticsCache';

export { isStatisticsFetch, STATISTICS_FIELDS } from './cacheableFetch';
export { DATA_VERSION_HEADER } from './useStatisticsCache';

/**
 * The gateway's statistics cache: in Redis when `redisUrl` is set (shared by workers and replicas),
 * else in this process; its hits and misses counted in `metrics`.
 */
export async function startStatisticsCache(
  redisUrl: string | null,
  metrics: ServiceMetrics,
): Promise<{ hook: FetchHook; close(): Promise<void> }> {
  let store: StatisticsCacheStore;
  if (redisUrl) {
    const redis = new RedisStatisticsCache(redisUrl);
    await redis.connect();
    store = redis;
  } else store = new MemoryStatisticsCache();
  return { hook: useStatisticsCache(store, observeStatisticsCache(metrics)), close: () => store.close() };
}
