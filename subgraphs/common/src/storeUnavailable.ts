import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode } from '@nordic/schema';
import type { GraphQLFormattedError } from 'graphql';

/**
 * PostgreSQL SQLSTATEs that say the server cannot be used right now (not that the statement is wrong):
 * class 08 (connection exception), 57P01–57P03 (shut down by an operator, crashed, starting up) and
 * 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** Socket errors of a database connection (node's `code`). */
const UNAVAILABLE_SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
/** node-postgres's own messages for a connection that went away or never came. */
const UNAVAILABLE_MESSAGE =
  /^Connection terminated|^Client has encountered a connection error|timeout exceeded when trying to connect/;

/**
 * Whether an error means the service's store is unreachable or restarting, so that nothing about the
 * request itself was wrong and the same request may succeed shortly. TypeORM wraps driver errors
 * (`driverError`); both are looked at.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 3; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return false;
}

/**
 * Apollo Server's `formatError` for a service with a store: a store that cannot be reached becomes
 * `STORE_UNAVAILABLE` with a message a person can act on, instead of `INTERNAL_SERVER_ERROR` carrying
 * the driver's text (which names hosts and ports). `store` names it in the message, e.g. "SE's case
 * database"; `onUnavailable` hears the driver's error code (for the service's log; never the message).
 */
export function storeUnavailableErrors(
  store: string,
  onUnavailable: (code: string) => void = () => undefined,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    if (!isStoreUnavailable(original)) return formatted;
    onUnavailable(driverCode(original));
    const { path, locations } = formatted;
    return {
      message: storeUnavailableMessage(store),
      ...(locations ? { locations } : {}),
      ...(path ? { path } : {}),
      extensions: { code: ErrorCode.STORE_UNAVAILABLE },
    };
  };
}

/** What a person is told when `store` ("SE's case database") cannot be reached. */
export function storeUnavailableMessage(store: string): string {
  return `${store} cannot be reached right now, so this could not be answered; try again shortly (a write may be retried with the same idempotency key).`;
}

function driverCode(error: unknown): string {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  return String(e.driverError?.code ?? e.code ?? 'connection');
}
