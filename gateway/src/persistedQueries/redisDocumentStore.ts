import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import Redis from 'ioredis';

/**
 * Apollo Server's `KeyValueCache` over Redis, for automatic persisted queries shared by every gateway
 * worker and replica. A Redis failure reads as a cache miss (the client then sends the full query, as
 * the APQ protocol does anyway) and never fails a request.
 */
export class RedisDocumentStore implements KeyValueCache<string> {
  private readonly client: Redis;

  constructor(
    url: string,
    private readonly keyPrefix = 'nordic-gateway:apq:',
  ) {
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      disconnectTimeout: 500,
    });
    // Reported by the failing calls; without a listener ioredis prints every reconnection attempt.
    this.client.on('error', () => undefined);
  }

  async connect(): Promise<void> {
    await this.client.connect().catch(() => undefined);
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.client.get(this.keyPrefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    try {
      if (options?.ttl) await this.client.set(this.keyPrefix + key, value, 'EX', Math.ceil(options.ttl));
      else await this.client.set(this.keyPrefix + key, value);
    } catch {
      // Not stored: the next request with this id gets PERSISTED_QUERY_NOT_FOUND and registers again.
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.client.del(this.keyPrefix + key)) > 0;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
