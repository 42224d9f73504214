import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type pino from 'pino';
import { gatewayLogger } from './stdout';
import { traceIdOf } from './traceId';

/** A request the gateway itself refused, before any country was asked. */
export interface RefusalLogEntry {
  traceId: string | null;
  /** Home country and pseudonymous subject of the verified caller; null when the token was refused. */
  requestingCountry: string | null;
  subject: string | null;
  status: number;
  /** The refusal's `extensions.code`s (e.g. UNAUTHENTICATED, DEPTH_LIMIT_EXCEEDED, RATE_LIMITED). */
  codes: string[];
}

export type RefusalLog = (entry: RefusalLogEntry) => void;

/**
 * The gateway's refusal log: one JSON line per request it refused itself — a bad token, a limit, the
 * rate limit, an oversized or batched body, an operation that does not parse or validate. Country
 * audit logs record what each country refused; these refusals never reach a country, so they are kept
 * here, like the routing log without ids, arguments or payloads.
 */
export function createRefusalLog(destination?: pino.DestinationStream): RefusalLog {
  const logger = gatewayLogger('refusal', destination);
  return (entry) => logger.warn(entry, 'refused');
}

/** Logs every GraphQL answer with an HTTP status of 400 or more (the limits, parsing, validation). */
export function refusalLogPlugin<TContext extends BaseContext>(
  log: RefusalLog,
  callerOf: (context: TContext) => { country: string; subject: string } | null,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, request }) {
          const status = response.http.status ?? 200;
          if (status < 400) return;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const caller = callerOf(contextValue);
          log({
            traceId: traceIdOf(request.http?.headers),
            requestingCountry: caller?.country ?? null,
            subject: caller?.subject ?? null,
            status,
            codes: errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')),
          });
        },
      };
    },
  };
}
