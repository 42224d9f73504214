import Redis from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { LimitsOptions } from './options';

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Logger {
  warn(message: string): void;
  info(message: string): void;
}

/** One point per request per subject, in a fixed window of `durationSeconds`. */
export interface SubjectRateLimiter {
  /** Never rejects: a store failure lets the request through (and is logged). */
  consume(subject: string, logger?: Logger): Promise<RateDecision>;
  /** The subject's state without counting a request (allowed while points remain). */
  peek(subject: string, logger?: Logger): Promise<RateDecision>;
  /** Connects to Redis (when configured); a failure is logged and the memory fallback counts. */
  start(logger: Logger): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_RATE_KEY_PREFIX = 'nordic-gateway:rate';

/** The Redis URL without its password, for logs. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

/**
 * In memory (per instance) by default; with `redisUrl`, counted in Redis so that every
 * instance shares one count per subject. While Redis is unreachable each instance counts in memory
 * (rate-limiter-flexible's insurance limiter) instead of refusing or letting everything through.
 */
export function createRateLimiter(
  options: Pick<LimitsOptions['rateLimit'], 'points' | 'durationSeconds' | 'redisUrl' | 'keyPrefix'>,
): SubjectRateLimiter {
  const keyPrefix = options.keyPrefix ?? DEFAULT_RATE_KEY_PREFIX;
  const memory = new RateLimiterMemory({
    points: options.points,
    duration: options.durationSeconds,
    keyPrefix,
  });
  let limiter: RateLimiterAbstract = memory;
  let client: Redis | null = null;
  if (options.redisUrl) {
    client = new Redis(options.redisUrl, {
      lazyConnect: true,
      // Fail fast to the memory fallback instead of queueing requests while Redis is away.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      // Also how long a closed, never-connected client keeps a timer alive (ioredis clears it only
      // on a `close` event that an already failed socket never emits again).
      disconnectTimeout: 500,
    });
    limiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix,
      points: options.points,
      duration: options.durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  }
  const redisUrl = options.redisUrl ? redactUrl(options.redisUrl) : '';
  let redisDown = false;

  return {
    async start(logger) {
      if (!client) return;
      client.on('error', (err: Error) => {
        if (redisDown) return;
        redisDown = true;
        logger.warn(
          `rate limit store ${redisUrl} unreachable (${err.message}); counting in memory until it is back`,
        );
      });
      client.on('ready', () => {
        if (redisDown) logger.info(`rate limit store ${redisUrl} is back`);
        redisDown = false;
      });
      try {
        await client.connect();
      } catch {
        // Logged by the error listener; ioredis keeps reconnecting.
      }
    },
    async consume(subject, logger) {
      try {
        const res = await limiter.consume(subject, 1);
        return { allowed: true, remaining: res.remainingPoints };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes)
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        logger?.warn(`rate limit not checked: ${(rejection as Error)?.message ?? String(rejection)}`);
        return { allowed: true, remaining: options.points };
      }
    },
    async peek(subject, logger) {
      try {
        const res = await limiter.get(subject);
        if (!res || res.consumedPoints < options.points)
          return { allowed: true, remaining: res ? res.remainingPoints : options.points };
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
      } catch (error) {
        logger?.warn(`rate limit not checked: ${(error as Error)?.message ?? String(error)}`);
        return { allowed: true, remaining: options.points };
      }
    },
    async close() {
      if (!client) return;
      const c = client;
      client = null;
      if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
      else c.disconnect();
    },
  };
}
