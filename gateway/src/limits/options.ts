import { z } from 'zod';

export interface LimitsOptions {
  /** Deepest field nesting allowed (`{ a { b } }` is 2), fragments expanded. Default 12. */
  maxDepth: number;
  /** Highest estimated cost allowed; see `analyzeOperation` for the model. Default 5000. */
  maxCost: number;
  /** Most aliases allowed in one operation, fragments expanded. Default 30. */
  maxAliases: number;
  /** Most root fields (distinct response keys) allowed in one operation. Default 10. */
  maxRootFields: number;
  /** Largest request body in bytes (after decompression). Default 100 000. */
  maxBodyBytes: number;
  /** Whether a JSON array body (batched operations) is accepted. Default false. */
  allowBatching: boolean;
  /** NODE_ENV === 'production': introspection (`__schema`, `__type`) is refused. */
  production: boolean;
  /**
   * Requests per subject (JWT `sub`, else client IP) per window: counted in memory by default (per
   * gateway instance), in Redis when `redisUrl` is given (shared by all instances).
   */
  rateLimit: {
    points: number;
    durationSeconds: number;
    redisUrl?: string;
    /** Prefix of the Redis keys (and memory keys). Default `nordic-gateway:rate`. */
    keyPrefix?: string;
  };
  /** Items assumed for a list field without a `first`/`limit` argument. Default 20. */
  defaultListSize?: number;
}

export const DEFAULT_LIMITS: LimitsOptions = {
  maxDepth: 12,
  maxCost: 20_000,
  maxAliases: 30,
  maxRootFields: 10,
  maxBodyBytes: 100_000,
  allowBatching: false,
  production: false,
  rateLimit: { points: 600, durationSeconds: 60 },
  defaultListSize: 10,
};

interface IntSpec {
  min: number;
  max: number;
  fallback: number;
}

const INT_VARS = {
  GATEWAY_MAX_DEPTH: { min: 1, max: 1000, fallback: DEFAULT_LIMITS.maxDepth },
  GATEWAY_MAX_COST: { min: 1, max: 100_000_000, fallback: DEFAULT_LIMITS.maxCost },
  GATEWAY_MAX_ALIASES: { min: 0, max: 10_000, fallback: DEFAULT_LIMITS.maxAliases },
  GATEWAY_MAX_ROOT_FIELDS: { min: 1, max: 1000, fallback: DEFAULT_LIMITS.maxRootFields },
  GATEWAY_MAX_BODY_BYTES: { min: 1024, max: 100_000_000, fallback: DEFAULT_LIMITS.maxBodyBytes },
  GATEWAY_RATE_LIMIT_POINTS: { min: 1, max: 10_000_000, fallback: DEFAULT_LIMITS.rateLimit.points },
  GATEWAY_RATE_LIMIT_SECONDS: { min: 1, max: 86_400, fallback: DEFAULT_LIMITS.rateLimit.durationSeconds },
  GATEWAY_DEFAULT_LIST_SIZE: { min: 1, max: 100, fallback: DEFAULT_LIMITS.defaultListSize ?? 10 },
} satisfies Record<string, IntSpec>;

/** An unset or blank variable takes its default. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function intVar(spec: IntSpec) {
  return z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(spec.min).max(spec.max).optional().default(spec.fallback),
  );
}

const envSchema = z.object({
  ...(Object.fromEntries(Object.entries(INT_VARS).map(([name, spec]) => [name, intVar(spec)])) as {
    [K in keyof typeof INT_VARS]: ReturnType<typeof intVar>;
  }),
  GATEWAY_ALLOW_BATCHING: z.preprocess(
    (v) => {
      const s = blankToUndefined(v);
      return typeof s === 'string' ? s.trim().toLowerCase() : s;
    },
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .optional()
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  ),
  NODE_ENV: z.string().optional(),
  REDIS_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^rediss?:\/\/[^\s/]+/)
      .optional(),
  ),
});

const FIXES: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(INT_VARS).map(([name, spec]) => [
      name,
      `must be a whole number from ${spec.min} to ${spec.max}. Fix: set ${name} to such a number ` +
        `or unset it for the default (${spec.fallback}).`,
    ]),
  ),
  GATEWAY_ALLOW_BATCHING:
    'must be true or false. Fix: set GATEWAY_ALLOW_BATCHING=true to accept batched operations, or unset it (default false).',
  REDIS_URL:
    'must be a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS). Fix: correct REDIS_URL, or unset it to count rate limits in memory.',
};

/**
 * Reads the limits from environment variables, validated with zod: an invalid value throws an Error
 * naming each wrong variable, its value and the fix.
 */
export function loadLimitsOptions(env: NodeJS.ProcessEnv): LimitsOptions {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    const lines = names.map(
      (name) => `  - ${name}=${JSON.stringify(env[name])} ${FIXES[name] ?? 'is invalid.'}`,
    );
    throw new Error(`invalid gateway limits in the environment:\n${lines.join('\n')}`);
  }
  const v = parsed.data;
  return {
    maxDepth: v.GATEWAY_MAX_DEPTH,
    maxCost: v.GATEWAY_MAX_COST,
    maxAliases: v.GATEWAY_MAX_ALIASES,
    maxRootFields: v.GATEWAY_MAX_ROOT_FIELDS,
    maxBodyBytes: v.GATEWAY_MAX_BODY_BYTES,
    allowBatching: v.GATEWAY_ALLOW_BATCHING,
    production: v.NODE_ENV === 'production',
    rateLimit: {
      points: v.GATEWAY_RATE_LIMIT_POINTS,
      durationSeconds: v.GATEWAY_RATE_LIMIT_SECONDS,
      ...(v.REDIS_URL ? { redisUrl: v.REDIS_URL } : {}),
    },
    defaultListSize: v.GATEWAY_DEFAULT_LIST_SIZE,
  };
}
