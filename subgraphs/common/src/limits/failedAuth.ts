import { GraphQLError } from 'graphql';
import { LIMIT_ERROR_CODES, limitError } from './codes';
import type { LimitsOptions } from './options';
import { createRateLimiter } from './rateLimit';

interface Logger {
  warn(message: string): void;
  info(message: string): void;
}

/** Authentication of a request, counted per client address. */
export interface FailedAuthGuard {
  /**
   * Runs `verify` (the bearer-token check) unless the client address has failed too often in the
   * window, in which case it answers 429 `AUTHENTICATION_RATE_LIMITED` without verifying anything; each
   * `UNAUTHENTICATED` failure of `verify` counts one point against the address.
   */
  authenticate<T>(clientAddress: string | undefined, verify: () => Promise<T>): Promise<T>;
  start(logger: Logger): Promise<void>;
  close(): Promise<void>;
}

/**
 * Failed authentications per client address (the socket's address: `X-Forwarded-For` is not trusted):
 * an attacker without a valid token cannot try tokens, or probe which ones a service accepts, faster than
 * `failedAuthLimit` allows. Requests with a valid token never count, and a caller's own rate limit is
 * separate (per subject, see `limitsPlugin`).
 */
export function failedAuthGuard(
  options: Pick<LimitsOptions, 'failedAuthLimit' | 'rateLimit'>,
): FailedAuthGuard {
  const { points, durationSeconds } = options.failedAuthLimit;
  const limiter = createRateLimiter({
    points,
    durationSeconds,
    redisUrl: options.rateLimit.redisUrl,
    keyPrefix: `${options.rateLimit.keyPrefix ?? 'nordic-gateway:rate'}:failed-auth`,
  });
  let logger: Logger | undefined;
  const refusal = (retryAfterSeconds: number) =>
    limitError(
      LIMIT_ERROR_CODES.AUTHENTICATION_RATE_LIMITED,
      `Too many failed authentications from this address (more than ${points} in ${durationSeconds} s); ` +
        `retry after ${retryAfterSeconds} s with a valid bearer token (npm run token, or your identity provider).`,
      {
        status: 429,
        headers: { 'retry-after': String(retryAfterSeconds) },
        extensions: { retryAfterSeconds, limit: points, windowSeconds: durationSeconds },
      },
    );
  return {
    async authenticate(clientAddress, verify) {
      const key = clientAddress || 'unknown';
      const state = await limiter.peek(key, logger);
      if (!state.allowed) throw refusal(state.retryAfterSeconds);
      try {
        return await verify();
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions?.code === 'UNAUTHENTICATED') {
          const counted = await limiter.consume(key, logger);
          if (!counted.allowed) throw refusal(counted.retryAfterSeconds);
        }
        throw error;
      }
    },
    async start(l) {
      logger = l;
      await limiter.start(l);
    },
    close: () => limiter.close(),
  };
}
