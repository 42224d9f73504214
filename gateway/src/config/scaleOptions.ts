import { availableParallelism } from 'node:os';
import { GatewayConfigError } from './gatewayConfig';

/** How the gateway scales out and what it keeps between requests (from the environment and flags). */
export interface ScaleOptions {
  /** Worker processes sharing the port; 1 runs the gateway in this process, without a cluster. */
  workers: number;
  /** Identical country fetches in flight at the same time share one HTTP request. */
  deduplicateInFlight: boolean;
  /** Automatic persisted queries (Apollo Server's APQ). */
  persistedQueries: boolean;
  /** The manifest of trusted documents; when set, only its operations run. */
  trustedDocuments: string | null;
  /** Where workers and replicas share persisted queries, statistics answers (and the rate limit, see the limits). */
  redisUrl: string | null;
  /** Statistics answers cached per country and caller scope, checked against the country's data version. */
  statisticsCache: boolean;
}

function bool(env: NodeJS.ProcessEnv, key: string, fallback: boolean): boolean {
  const value = env[key];
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new GatewayConfigError(
    `invalid configuration:\n  - ${key}: must be true or false. Fix: set ${key}=true or ${key}=false, or unset it.`,
  );
}

/** `auto` is the number of cores; otherwise a whole number from 1 to 64. */
export function parseWorkers(value: string | undefined, source: string): number {
  if (value === undefined || value === '') return 1;
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new GatewayConfigError(
      `invalid configuration:\n  - ${source}: must be a whole number from 1 to 64, or auto. Fix: e.g. ${source === 'GATEWAY_WORKERS' ? 'GATEWAY_WORKERS=2' : '--workers 2'} (or auto for one worker per core).`,
    );
  return n;
}

/**
 * GATEWAY_WORKERS (or `--workers`, which wins), GATEWAY_DEDUPLICATE_IN_FLIGHT (default true),
 * GATEWAY_PERSISTED_QUERIES (default true), GATEWAY_TRUSTED_DOCUMENTS (a manifest file), REDIS_URL,
 * GATEWAY_STATISTICS_CACHE (default true).
 */
export function loadScaleOptions(env: NodeJS.ProcessEnv, flags: Record<string, string> = {}): ScaleOptions {
  return {
    workers:
      flags.workers !== undefined
        ? parseWorkers(flags.workers, '--workers')
        : parseWorkers(env.GATEWAY_WORKERS, 'GATEWAY_WORKERS'),
    deduplicateInFlight: bool(env, 'GATEWAY_DEDUPLICATE_IN_FLIGHT', true),
    persistedQueries: bool(env, 'GATEWAY_PERSISTED_QUERIES', true),
    trustedDocuments: env.GATEWAY_TRUSTED_DOCUMENTS || null,
    redisUrl: env.REDIS_URL || null,
    statisticsCache: bool(env, 'GATEWAY_STATISTICS_CACHE', true),
  };
}
