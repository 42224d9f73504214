import { RedisDocumentStore } from '../persistedQueries/redisDocumentStore';

/** A cached statistics answer: the country's data version it was computed at, and its data. */
export interface CachedAnswer {
  version: string;
  data: Record<string, unknown>;
}

/** Where cached answers are kept: this process's memory, or Redis shared by every worker and replica. */
export interface StatisticsCacheStore {
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer): Promise<void>;
  close(): Promise<void>;
}

/**
 * How long an answer is kept at most. Freshness does not depend on it (every use is checked against
 * the country's data version); it bounds memory and the `provisional` flag of the current year.
 */
export const ANSWER_TTL_SECONDS = 600;

/** At most `maxEntries` answers in this process, the oldest dropped first, each for ANSWER_TTL_SECONDS. */
export class MemoryStatisticsCache implements StatisticsCacheStore {
  private readonly entries = new Map<string, { answer: CachedAnswer; until: number }>();

  constructor(private readonly maxEntries = 2000) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.answer;
  }

  async set(key: string, answer: CachedAnswer): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { answer, until: Date.now() + ANSWER_TTL_SECONDS * 1000 });
    while (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

/**
 * Answers in Redis (REDIS_URL), shared by the gateway's workers and replicas. A Redis failure reads
 * as a miss and never fails a request: the country is then asked in full.
 */
export class RedisStatisticsCache implements StatisticsCacheStore {
  /** The same Redis client settings and failure handling as the persisted queries' store. */
  private readonly store: RedisDocumentStore;

  constructor(url: string, keyPrefix = 'nordic-gateway:statistics:') {
    this.store = new RedisDocumentStore(url, keyPrefix);
  }

  connect(): Promise<void> {
    return this.store.connect();
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const text = await this.store.get(key);
    return text ? (JSON.parse(text) as CachedAnswer) : undefined;
  }

  set(key: string, answer: CachedAnswer): Promise<void> {
    // Not kept when Redis fails: the next request asks the country in full.
    return this.store.set(key, JSON.stringify(answer), { ttl: ANSWER_TTL_SECONDS });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
