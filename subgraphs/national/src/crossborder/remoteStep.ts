import { ErrorCode, contractError } from '@nordic/schema';
import type { IncomingCall } from '@nordic/subgraph-common';
import { GraphQLError } from 'graphql';
import type { GatewayClient } from './gatewayClient';

/** What a request needs to take a step in another country: the gateway, and the caller's request (its token and purpose are forwarded). */
export interface CrossBorderCalls {
  gateway: GatewayClient;
  call: IncomingCall;
}

/** Gateway codes that mean the other country did not answer (as opposed to answering no). */
const NOT_REACHED = new Set([
  'COUNTRY_UNAVAILABLE',
  'COUNTRY_TIMEOUT',
  'COUNTRY_SCHEMA_MISMATCH',
  'COUNTRY_NOT_CONNECTED',
  'UNROUTABLE',
]);

/**
 * One step in another country, through the gateway as the caller. A country that cannot be reached
 * becomes CROSS_BORDER_UNAVAILABLE (nothing was changed here; retry with the same key); a country that
 * answers with an error passes its code on, with a message saying which country refused what.
 */
export async function remoteStep<T>(
  crossBorder: CrossBorderCalls,
  country: string,
  what: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const answer = await crossBorder.gateway.request<T>(crossBorder.call, query, variables);
  const error = answer.errors?.[0];
  if (!error && answer.data) return answer.data;
  const code = String(error?.extensions?.code ?? 'NO_ANSWER');
  if (!error || NOT_REACHED.has(code)) {
    throw contractError(
      ErrorCode.CROSS_BORDER_UNAVAILABLE,
      `${country} could not be reached to ${what} (${code}${error ? `: ${error.message}` : ''}); nothing was changed here — retry with the same idempotency key.`,
      { country },
    );
  }
  throw new GraphQLError(`${country} refused to ${what}: ${error.message}`, {
    extensions: { code, country },
  });
}
