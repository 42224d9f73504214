import { z } from 'zod';

export interface LimitsOptions {
  /** Deepest field nesting allowed (`{ a { b } }` is 2), fragments expanded. */
  maxDepth: number;
  /** Highest estimated cost allowed; see `analyzeOperation` for the model. */
  maxCost: number;
  /** Most aliases allowed in one operation, fragments expanded. */
  maxAliases: number;
  /** Most root fields (distinct response keys) allowed in one operation. */
  maxRootFields: number;
  /** Largest request body in bytes (after decompression). */
  maxBodyBytes: number;
  /** Whether a JSON array body (batched operations) is accepted. */
  allowBatching: boolean;
  /** NODE_ENV === 'production': introspection (`__schema`, `__type`) is refused. */
  production: boolean;
  /**
   * Requests per subject (JWT `sub`, else client IP) per window: counted in memory by default (per
   * instance), in Redis when `redisUrl` is given (shared by all instances).
   */
  rateLimit: {
    points: number;
    durationSeconds: number;
    redisUrl?: string;
    /** Prefix of the Redis keys (and memory keys). Default `nordic-gateway:rate`. */
    keyPrefix?: string;
  };
  /**
   * Failed authentications (a missing, malformed, expired or wrongly signed token) per client address
   * per window; past it, the address's requests with a token are refused (429) without being verified
   * until the window ends. Counted like `rateLimit` (memory, or Redis with `redisUrl`).
   */
  failedAuthLimit: { points: number; durationSeconds: number };
  /** Items assumed for a list field without a `first`/`limit` argument. */
  defaultListSize?: number;
}

/** The gateway's defaults (the table in docs/security/limits-and-transport.md). */
export const DEFAULT_LIMITS: LimitsOptions = {
  maxDepth: 12,
  maxCost: 20_000,
  maxAliases: 30,
  maxRootFields: 10,
  maxBodyBytes: 100_000,
  allowBatching: false,
  production: false,
  rateLimit: { points: 600, durationSeconds: 60 },
  failedAuthLimit: { points: 30, durationSeconds: 60 },
  defaultListSize: 10,
};

/**
 * Which service reads its limits: the prefix of its environment variables (`GATEWAY_MAX_DEPTH`,
 * `NATIONAL_MAX_DEPTH`, `NETWORK_MAX_DEPTH`, …) and its defaults. Every service reads the same keys after
 * its prefix, validated the same way.
 */
export interface LimitsProfile {
  prefix: string;
  defaults: LimitsOptions;
}

export const GATEWAY_LIMITS: LimitsProfile = { prefix: 'GATEWAY_', defaults: DEFAULT_LIMITS };

/**
 * A national service's defaults: the gateway's shape limits one step deeper (an entity fetch nests the
 * client's selection under `_entities`); a cost that lets the country's own clients read a full page of
 * 100 cases with every contract field (about 23 600); a body as large as the gateway's planned entity
 * fetches need (up to a few thousand representations); and three times the gateway's rate, because one
 * client request to the gateway becomes several fetches to one country (a root fetch, then entity fetches).
 */
export const NATIONAL_LIMITS: LimitsProfile = {
  prefix: 'NATIONAL_',
  defaults: {
    ...DEFAULT_LIMITS,
    maxDepth: DEFAULT_LIMITS.maxDepth + 1,
    maxCost: 50_000,
    maxBodyBytes: 1_000_000,
    rateLimit: { points: 3 * DEFAULT_LIMITS.rateLimit.points, durationSeconds: 60 },
  },
};

/** The network registry's defaults: as a national service's (it is a subgraph the gateway plans fetches to). */
export const NETWORK_LIMITS: LimitsProfile = { prefix: 'NETWORK_', defaults: NATIONAL_LIMITS.defaults };

interface IntSpec {
  min: number;
  max: number;
  fallback: number;
}

/** The integer settings, by name after the prefix. */
function intSpecs(d: LimitsOptions): Record<string, IntSpec> {
  return {
    MAX_DEPTH: { min: 1, max: 1000, fallback: d.maxDepth },
    MAX_COST: { min: 1, max: 100_000_000, fallback: d.maxCost },
    MAX_ALIASES: { min: 0, max: 10_000, fallback: d.maxAliases },
    MAX_ROOT_FIELDS: { min: 1, max: 1000, fallback: d.maxRootFields },
    MAX_BODY_BYTES: { min: 1024, max: 100_000_000, fallback: d.maxBodyBytes },
    RATE_LIMIT_POINTS: { min: 1, max: 10_000_000, fallback: d.rateLimit.points },
    RATE_LIMIT_SECONDS: { min: 1, max: 86_400, fallback: d.rateLimit.durationSeconds },
    FAILED_AUTH_LIMIT_POINTS: { min: 1, max: 10_000_000, fallback: d.failedAuthLimit.points },
    FAILED_AUTH_LIMIT_SECONDS: { min: 1, max: 86_400, fallback: d.failedAuthLimit.durationSeconds },
    DEFAULT_LIST_SIZE: { min: 1, max: 100, fallback: d.defaultListSize ?? 10 },
  };
}

/** An unset or blank variable takes its default. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function intVar(spec: IntSpec) {
  return z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(spec.min).max(spec.max).optional().default(spec.fallback),
  );
}

const booleanVar = z.preprocess(
  (v) => {
    const s = blankToUndefined(v);
    return typeof s === 'string' ? s.trim().toLowerCase() : s;
  },
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
);

const redisUrlVar = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^rediss?:\/\/[^\s/]+/)
    .optional(),
);

/**
 * Reads a service's limits from environment variables (`<prefix>MAX_DEPTH`, …; the gateway's prefix by
 * default), validated with zod: an invalid value throws an Error naming each wrong variable, its value
 * and the fix, so the service refuses to start.
 */
export function loadLimitsOptions(
  env: NodeJS.ProcessEnv,
  profile: LimitsProfile = GATEWAY_LIMITS,
): LimitsOptions {
  const { prefix, defaults } = profile;
  const ints = Object.fromEntries(
    Object.entries(intSpecs(defaults)).map(([name, spec]) => [`${prefix}${name}`, spec]),
  );
  const batching = `${prefix}ALLOW_BATCHING`;
  const envSchema = z.object({
    ...Object.fromEntries(Object.entries(ints).map(([name, spec]) => [name, intVar(spec)])),
    [batching]: booleanVar,
    NODE_ENV: z.string().optional(),
    REDIS_URL: redisUrlVar,
  });
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const fixes: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(ints).map(([name, spec]) => [
          name,
          `must be a whole number from ${spec.min} to ${spec.max}. Fix: set ${name} to such a number ` +
            `or unset it for the default (${spec.fallback}).`,
        ]),
      ),
      [batching]: `must be true or false. Fix: set ${batching}=true to accept batched operations, or unset it (default ${defaults.allowBatching}).`,
      REDIS_URL:
        'must be a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS). Fix: correct REDIS_URL, or unset it to count rate limits in memory.',
    };
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    const lines = names.map(
      (name) => `  - ${name}=${JSON.stringify(env[name])} ${fixes[name] ?? 'is invalid.'}`,
    );
    throw new Error(`invalid limits in the environment:\n${lines.join('\n')}`);
  }
  const v = parsed.data as Record<string, unknown>;
  const int = (name: string) => v[`${prefix}${name}`] as number;
  const redisUrl = v.REDIS_URL as string | undefined;
  return {
    maxDepth: int('MAX_DEPTH'),
    maxCost: int('MAX_COST'),
    maxAliases: int('MAX_ALIASES'),
    maxRootFields: int('MAX_ROOT_FIELDS'),
    maxBodyBytes: int('MAX_BODY_BYTES'),
    allowBatching: (env[batching] ?? '').trim() === '' ? defaults.allowBatching : (v[batching] as boolean),
    production: v.NODE_ENV === 'production',
    rateLimit: {
      points: int('RATE_LIMIT_POINTS'),
      durationSeconds: int('RATE_LIMIT_SECONDS'),
      ...(redisUrl ? { redisUrl } : {}),
    },
    failedAuthLimit: {
      points: int('FAILED_AUTH_LIMIT_POINTS'),
      durationSeconds: int('FAILED_AUTH_LIMIT_SECONDS'),
    },
    defaultListSize: int('DEFAULT_LIST_SIZE'),
  };
}
