import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Stable `extensions.code` of each limit refusal (gateway, national services, network registry): one
 * code per limit, never reused.
 */
export const LIMIT_ERROR_CODES = {
  /** Fields nested deeper than `maxDepth` (HTTP 400). */
  DEPTH_LIMIT_EXCEEDED: 'DEPTH_LIMIT_EXCEEDED',
  /** Estimated cost above `maxCost` (HTTP 400). */
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  /** More aliases than `maxAliases` (HTTP 400). */
  ALIAS_LIMIT_EXCEEDED: 'ALIAS_LIMIT_EXCEEDED',
  /** More root fields than `maxRootFields` (HTTP 400). */
  ROOT_FIELD_LIMIT_EXCEEDED: 'ROOT_FIELD_LIMIT_EXCEEDED',
  /** Request body larger than `maxBodyBytes` (HTTP 413). */
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  /** A JSON array body (batched operations) while batching is off (HTTP 400). */
  BATCHING_NOT_ALLOWED: 'BATCHING_NOT_ALLOWED',
  /** `__schema` / `__type` selected in production (HTTP 400). */
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  /** More requests than the subject's rate limit allows (HTTP 429 with `Retry-After`). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Too many failed authentications from this client address (HTTP 429 with `Retry-After`). */
  AUTHENTICATION_RATE_LIMITED: 'AUTHENTICATION_RATE_LIMITED',
  /** A body that is not valid JSON, not a JSON object, or not decodable (HTTP 400). */
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  /** A POST whose Content-Type is not `application/json` (HTTP 415). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** An unexpected failure before the GraphQL engine (HTTP 500); details stay in the service's log. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type LimitErrorCode = (typeof LIMIT_ERROR_CODES)[keyof typeof LIMIT_ERROR_CODES];

/**
 * A refusal as Apollo Server 5 answers it: `extensions.http` sets the response status and headers
 * (Apollo removes `http` from the error sent to the client); the other extensions are sent as is.
 */
export function limitError(
  code: LimitErrorCode,
  message: string,
  options: { status: number; headers?: Record<string, string>; extensions?: Record<string, unknown> },
): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      ...options.extensions,
      http: { status: options.status, headers: new HeaderMap(Object.entries(options.headers ?? {})) },
    },
  });
}
