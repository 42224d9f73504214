import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { analyzeOperation } from './analyze';
import { LIMIT_ERROR_CODES, limitError } from './codes';
import { DEFAULT_LIMITS, type LimitsOptions } from './options';
import { createRateLimiter, type RateDecision } from './rateLimit';

/**
 * The rate-limit key of a request: the JWT `sub` when the caller is authenticated, else the client IP
 * (the two namespaces never collide).
 */
export function rateLimitSubject(
  sub: string | undefined | null,
  clientIp: string | undefined | null,
): string {
  if (sub) return `sub:${sub}`;
  return `ip:${clientIp || 'unknown'}`;
}

/** Each request's rate-limit decision, for plugins that refuse later and must not hide RATE_LIMITED. */
const decisions = new WeakMap<object, Promise<RateDecision>>();

/**
 * The rate-limit decision of a request (keyed by its `request` object), or undefined when no limits
 * plugin runs. Apollo Server runs every plugin's `didResolveOperation` at once and answers with the first
 * refusal, so another refusing plugin checks this first and leaves an over-limit request to this one.
 */
export function rateDecisionOf(request: object): Promise<RateDecision> | undefined {
  return decisions.get(request);
}

/**
 * Refuses, before any query planning, resolver or subgraph call, an operation past one of the limits,
 * each with its own `extensions.code` (see `LIMIT_ERROR_CODES`): HTTP 400 for the shape limits, 429 with
 * `Retry-After` for the rate limit. The gateway, every national service endpoint and the network
 * registry run this same plugin.
 *
 * Every request costs its subject one point as it starts (also one that then fails to parse or
 * validate); the refusal is sent from `didResolveOperation`, the first hook from which Apollo Server
 * answers with the plugin's status and message. Shape limits are checked after the rate limit, in this
 * order: introspection (production only), root fields, aliases, depth, cost.
 */
export function limitsPlugin<TContext extends BaseContext = BaseContext>(
  options: LimitsOptions,
  subjectOf: (requestContext: GraphQLRequestContext<TContext>) => string,
): ApolloServerPlugin<TContext> {
  const limiter = createRateLimiter(options.rateLimit);
  const defaultListSize = options.defaultListSize ?? DEFAULT_LIMITS.defaultListSize ?? 10;
  const { points, durationSeconds } = options.rateLimit;

  return {
    async serverWillStart({ logger }) {
      await limiter.start(logger);
      return {
        async serverWillStop() {
          await limiter.close();
        },
      };
    },

    async requestDidStart(requestContext) {
      let subject: string;
      try {
        subject = subjectOf(requestContext);
      } catch (err) {
        // Thrown here, it would turn every request into a 500; count it as an unknown caller instead.
        requestContext.logger.warn(`rate limit subject not found: ${(err as Error)?.message ?? String(err)}`);
        subject = rateLimitSubject(null, null);
      }
      const decision: Promise<RateDecision> = limiter.consume(subject, requestContext.logger);
      decisions.set(requestContext.request, decision);
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          const rate = await decision;
          if (!rate.allowed) {
            throw limitError(
              LIMIT_ERROR_CODES.RATE_LIMITED,
              `Rate limit exceeded: more than ${points} requests in ${durationSeconds} s; ` +
                `retry after ${rate.retryAfterSeconds} s.`,
              {
                status: 429,
                headers: { 'retry-after': String(rate.retryAfterSeconds) },
                extensions: {
                  retryAfterSeconds: rate.retryAfterSeconds,
                  limit: points,
                  windowSeconds: durationSeconds,
                },
              },
            );
          }
          if (!operation) return; // Apollo answers a missing or unknown operation itself
          const m = analyzeOperation(schema, document, operation, request.variables, defaultListSize);
          const refuse = (
            code: keyof typeof LIMIT_ERROR_CODES,
            message: string,
            value: number,
            limit: number,
          ) => {
            throw limitError(LIMIT_ERROR_CODES[code], message, { status: 400, extensions: { value, limit } });
          };
          if (options.production && m.introspection.length > 0) {
            throw limitError(
              LIMIT_ERROR_CODES.INTROSPECTION_DISABLED,
              `Introspection (${m.introspection.join(', ')}) is disabled in production; read the schema from ` +
                'the published contract (schema/) instead (__typename stays available).',
              { status: 400 },
            );
          }
          if (m.rootFields > options.maxRootFields)
            refuse(
              'ROOT_FIELD_LIMIT_EXCEEDED',
              `Query selects ${m.rootFields} root fields, more than the limit of ${options.maxRootFields}; ` +
                'split it into several requests.',
              m.rootFields,
              options.maxRootFields,
            );
          if (m.aliases > options.maxAliases)
            refuse(
              'ALIAS_LIMIT_EXCEEDED',
              `Query uses ${m.aliases} aliases, more than the limit of ${options.maxAliases}; ` +
                'pass the varying values as variables in separate requests instead of repeating fields under aliases.',
              m.aliases,
              options.maxAliases,
            );
          if (m.depth > options.maxDepth)
            refuse(
              'DEPTH_LIMIT_EXCEEDED',
              `Query depth ${m.depth} exceeds the limit of ${options.maxDepth}; ask for fewer nested levels or split the query.`,
              m.depth,
              options.maxDepth,
            );
          if (m.cost > options.maxCost)
            refuse(
              'COST_LIMIT_EXCEEDED',
              `Query cost ${m.cost} exceeds the limit of ${options.maxCost}; ask for smaller pages (first), ` +
                `fewer nested lists or fewer fields, or split the query (each field costs 1; a list multiplies ` +
                `its fields by its first/limit argument, at most 100, or by ${defaultListSize} without one).`,
              m.cost,
              options.maxCost,
            );
        },
      };
    },
  };
}
