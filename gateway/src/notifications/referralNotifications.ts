import type { ServerResponse } from 'node:http';
import {
  GATEWAY_EVENTS_PATH,
  NATIONAL_EVENTS_PATH,
  REFERRAL_EVENTS_SDL,
  REFERRAL_EVENTS_SUBSCRIPTION,
  type ReferralEvent,
} from '@nordic/schema';
import {
  type ClientTls,
  PushStream,
  bearerExpiry,
  forwardedHeaders,
  type Principal,
} from '@nordic/subgraph-common';
import { Router } from 'express';
import { type ExecutionResult, GraphQLError, buildSchema, parse } from 'graphql';
import { type Client, createClient } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/express';
import { fetch as undiciFetch } from 'undici';
import { countryAgent } from '../countries/countryClient';

export interface ReferralNotificationOptions {
  /** The member countries, each subscribed to at its national service's event stream. */
  countries: readonly { code: string; national: string }[];
  /** Verifies the caller's bearer token (the gateway's verifier behind its failed-authentication guard). */
  authenticate: (authorization: string | undefined, clientIp: string | undefined) => Promise<Principal>;
  tls: ClientTls | null;
  /** Longest wait between two attempts to reach a country that is down (ms). */
  maxRetryWaitMs?: number;
}

export interface ReferralNotifications {
  router: Router;
  close(): void;
}

type Payload = { referralEvents: ReferralEvent | (() => never) };

const failure = (message: string, code: string, country?: string): Payload => ({
  referralEvents: () => {
    throw new GraphQLError(message, { extensions: { code, ...(country ? { country } : {}) } });
  },
});

/**
 * The gateway's referral notifications: `subscription { referralEvents }` over server-sent events
 * (graphql-sse) at GATEWAY_EVENTS_PATH. Apollo Gateway does not federate subscriptions, so for each
 * subscriber the gateway subscribes to every member country's own event stream with the caller's
 * token and purpose, and merges them. Each country decides, event by event, what this caller may read
 * (the gateway never sees an event the caller may not); a country that is down or restarts is
 * re-subscribed to, with a DISCONNECTED and then a CONNECTED notice in between; the subscription ends
 * when the token expires, or with the first refusal a country gives.
 */
export function referralNotifications(options: ReferralNotificationOptions): ReferralNotifications {
  const schema = buildSchema(REFERRAL_EVENTS_SDL);
  const agent = countryAgent(options.tls);
  const fetchFn = ((url: string, init: Record<string, unknown>) =>
    undiciFetch(url, { ...init, dispatcher: agent } as Parameters<typeof undiciFetch>[1])) as never;
  const open = new Set<ServerResponse>();
  const streams = new Set<PushStream<Payload>>();
  const handler = createHandler({
    schema,
    onSubscribe: async (req, params): Promise<ExecutionResult | Record<string, unknown>> => {
      const raw = req.raw as unknown as {
        headers: Record<string, string | string[] | undefined>;
        ip?: string;
      };
      const authorization = raw.headers.authorization;
      try {
        await options.authenticate(typeof authorization === 'string' ? authorization : undefined, raw.ip);
      } catch (error) {
        const code = (error as GraphQLError).extensions?.code;
        // graphql-sse takes a result by its `data` key.
        return {
          data: null,
          errors: [
            new GraphQLError((error as Error).message, {
              extensions: { code: typeof code === 'string' ? code : 'UNAUTHENTICATED' },
            }),
          ],
        };
      }
      let document;
      try {
        document = parse(params.query);
      } catch (error) {
        return {
          data: null,
          errors: [
            new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
          ],
        };
      }
      const headers = forwardedHeaders((name) => raw.headers[name]);
      return {
        schema,
        document,
        variableValues: params.variables ?? null,
        operationName: params.operationName ?? null,
        contextValue: undefined,
        rootValue: {
          referralEventsAvailable: true,
          referralEvents: () => {
            const stream = merged(options, headers, bearerExpiry(headers.authorization), fetchFn);
            streams.add(stream);
            return stream;
          },
        },
      };
    },
  });
  const router = Router();
  router.use(GATEWAY_EVENTS_PATH, (req, res) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    handler(req, res).catch((error: unknown) => {
      console.error(`referral notifications failed: ${String(error)}`);
      if (!res.headersSent) res.status(500).end();
    });
  });
  return {
    router,
    close() {
      for (const stream of streams) void stream.return();
      streams.clear();
      for (const res of open) res.destroy();
      open.clear();
      void agent.close();
    },
  };
}

/** One subscriber's events: every country's stream, merged in arrival order. */
function merged(
  options: ReferralNotificationOptions,
  headers: Record<string, string>,
  expiresAt: Date | null,
  fetchFn: never,
): PushStream<Payload> {
  const clients: Client[] = [];
  const unsubscribes: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  const stream = new PushStream<Payload>(() => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    for (const client of clients) client.dispose();
    if (timer) clearTimeout(timer);
  });
  const notice = (kind: 'DISCONNECTED', country: string, message: string): Payload => ({
    referralEvents: { kind, country, occurredAt: new Date().toISOString(), referral: null, message },
  });
  const fail = (payload: Payload) => {
    stream.push(payload);
    stream.end();
  };
  const maxWait = options.maxRetryWaitMs ?? 5000;
  for (const { code, national } of options.countries) {
    let connected = false;
    const client = createClient({
      url: new URL(NATIONAL_EVENTS_PATH, national).toString(),
      headers,
      fetchFn,
      retryAttempts: Number.POSITIVE_INFINITY,
      // A country that is down or restarting is tried again, soon at first, then every `maxWait`.
      retry: (retries) =>
        new Promise((resolve) => setTimeout(resolve, Math.min(maxWait, 100 * 2 ** retries)).unref()),
    });
    clients.push(client);
    const unsubscribe = client.subscribe<{ referralEvents: ReferralEvent }>(
      { query: REFERRAL_EVENTS_SUBSCRIPTION },
      {
        next(result) {
          const refusal = result.errors?.[0];
          if (refusal) {
            const errorCode = (refusal.extensions as { code?: unknown } | undefined)?.code;
            fail(
              failure(
                `${code}: ${refusal.message}`,
                typeof errorCode === 'string' ? errorCode : 'FORBIDDEN',
                code,
              ),
            );
            return;
          }
          const event = result.data?.referralEvents;
          if (!event) return;
          connected = event.kind === 'CONNECTED' ? true : connected;
          stream.push({ referralEvents: event });
        },
        error(error) {
          connected = false;
          stream.push(notice('DISCONNECTED', code, `${code}'s event stream failed: ${String(error)}`));
        },
        complete() {
          // A country ends a stream only when the token expires there.
          fail(failure('Your token expired: sign in again and subscribe anew.', 'UNAUTHENTICATED'));
        },
      },
      {
        connecting(reconnecting) {
          if (!reconnecting || !connected) return;
          connected = false;
          stream.push(
            notice(
              'DISCONNECTED',
              code,
              `${code} cannot be reached: its referral events are missed until it is CONNECTED again; check its referrals then.`,
            ),
          );
        },
      },
    );
    unsubscribes.push(unsubscribe);
  }
  if (expiresAt) {
    const remaining = expiresAt.getTime() - Date.now();
    const end = () =>
      fail(
        failure(
          `Your token expired at ${expiresAt.toISOString()}: sign in again and subscribe anew.`,
          'UNAUTHENTICATED',
        ),
      );
    if (remaining <= 0) end();
    else timer = setTimeout(end, Math.min(remaining, 2 ** 31 - 1)).unref();
  }
  return stream;
}
