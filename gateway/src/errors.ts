import { GraphQLError } from 'graphql';

/** Stable `extensions.code` values the gateway adds (the countries' own codes pass through unchanged). */
export const GatewayErrorCode = {
  /** The country is down, refused the connection, answered with an HTTP error, or its circuit is open. */
  COUNTRY_UNAVAILABLE: 'COUNTRY_UNAVAILABLE',
  /** The country did not answer within its configured timeout. */
  COUNTRY_TIMEOUT: 'COUNTRY_TIMEOUT',
  /** The country serves an SDL with a breaking difference from the contract; it is out of routing until fixed. */
  COUNTRY_SCHEMA_MISMATCH: 'COUNTRY_SCHEMA_MISMATCH',
  /** The country is in the directory but runs no national service (AX, FO, GL), or is not configured. */
  COUNTRY_NOT_CONNECTED: 'COUNTRY_NOT_CONNECTED',
  /** A key or argument names no country (malformed global id, missing country argument). */
  UNROUTABLE: 'UNROUTABLE',
} as const;
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

export function countryError(
  code: GatewayErrorCode,
  country: string,
  message: string,
  path?: readonly (string | number)[],
): GraphQLError {
  return new GraphQLError(message, { path, extensions: { code, country } });
}
