import type { ServerResponse } from 'node:http';
import {
  type CallerIdentity,
  type ConnectedCountry,
  ErrorCode,
  NATIONAL_EVENTS_PATH,
  REFERRAL_EVENTS_SDL,
  type ReferralEvent,
  type ReferralNotice,
} from '@nordic/schema';
import { type BearerVerifier, type IncomingCall, PushStream, bearerExpiry } from '@nordic/subgraph-common';
import { Router } from 'express';
import { type ExecutionResult, GraphQLError, buildSchema, parse } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { ReferralChange, ReferralEventHub } from './referralEventHub';

/** One referral as this caller may read it (the same policy, purpose and audit as any read); null: not theirs. */
export type ReferralReader = (
  caller: CallerIdentity,
  call: IncomingCall,
  referralId: string,
) => Promise<ReferralNotice | null>;

/** Whether the caller may read referrals at all here (roles, organisation, purpose), as a read is decided. */
export type ReferralAdmission = (
  caller: CallerIdentity,
  call: IncomingCall,
) => Promise<{ allowed: true } | { allowed: false; code: string; message: string }>;

export interface ReferralEventStreamOptions {
  country: ConnectedCountry;
  hub: ReferralEventHub;
  verifier: BearerVerifier;
  admit: ReferralAdmission;
  read: ReferralReader;
}

/** The event stream route and a `close()` that breaks every open stream off (subscribers reconnect). */
export interface ReferralEventStream {
  router: Router;
  close(): void;
}

/** A refusal, sent as the stream's one result (graphql-sse takes a result by its `data` key). */
const refused = (code: string, message: string): ExecutionResult => ({
  data: null,
  errors: [new GraphQLError(message, { extensions: { code } })],
});

/**
 * This country's referral events over server-sent events (graphql-sse, `subscription { referralEvents }`
 * at NATIONAL_EVENTS_PATH). The caller's token is verified and their access to referrals decided at
 * subscription, as for a read; then every change is read again *as that caller* (`read`), so an
 * event is delivered only when the caller could read that referral now, by the same policy as
 * `referral(id:)`, and the read is in the audit log. The stream ends when the token expires.
 */
export function referralEventStream(options: ReferralEventStreamOptions): ReferralEventStream {
  const schema = buildSchema(REFERRAL_EVENTS_SDL);
  const open = new Set<ServerResponse>();
  const handler = createHandler({
    schema,
    onSubscribe: async (req, params) => {
      const raw = req.raw as unknown as { headers: IncomingCall['headers'] };
      const authorization = raw.headers.authorization;
      let caller: CallerIdentity;
      try {
        caller = await options.verifier.verify(typeof authorization === 'string' ? authorization : null);
      } catch (error) {
        const code = (error as GraphQLError).extensions?.code;
        return refused(typeof code === 'string' ? code : 'UNAUTHENTICATED', (error as Error).message);
      }
      const call: IncomingCall = { headers: raw.headers, query: params.query, receivedAt: performance.now() };
      const admission = await options.admit(caller, call);
      if (!admission.allowed) return refused(admission.code, admission.message);
      const expiresAt = bearerExpiry(authorization as string);
      let document;
      try {
        document = parse(params.query);
      } catch (error) {
        return refused(ErrorCode.BAD_USER_INPUT, (error as Error).message);
      }
      return {
        schema,
        document,
        variableValues: params.variables ?? null,
        operationName: params.operationName ?? null,
        contextValue: undefined,
        rootValue: {
          referralEventsAvailable: true,
          referralEvents: () => eventsFor(options, caller, call, expiresAt),
        },
      };
    },
  });
  const router = Router();
  router.use(NATIONAL_EVENTS_PATH, (req, res) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    handler(req, res).catch((error: unknown) => {
      console.error(`${options.country} referral event stream failed: ${String(error)}`);
      if (!res.headersSent) res.status(500).end();
    });
  });
  return {
    router,
    close() {
      // Broken off, not completed: a subscriber's client takes it as a lost connection and reconnects.
      for (const res of open) res.destroy();
      open.clear();
    },
  };
}

/** The events one subscriber receives: CONNECTED first (they are listening from then on), then theirs. */
function eventsFor(
  options: ReferralEventStreamOptions,
  caller: CallerIdentity,
  call: IncomingCall,
  expiresAt: Date | null,
): PushStream<{ referralEvents: ReferralEvent }> {
  let timer: NodeJS.Timeout | null = null;
  const unlisten = options.hub.listen((change) => {
    // In order: each change is read as the caller after the one before.
    pending = pending.then(() => deliver(change));
  });
  const stream = new PushStream<{ referralEvents: ReferralEvent }>(() => {
    unlisten();
    if (timer) clearTimeout(timer);
  });
  const notice = (kind: ReferralEvent['kind'], message: string | null = null): ReferralEvent => ({
    kind,
    country: options.country,
    occurredAt: new Date().toISOString(),
    referral: null,
    message,
  });
  let pending: Promise<void> = Promise.resolve();
  async function deliver(change: ReferralChange): Promise<void> {
    if (stream.isEnded) return;
    try {
      const referral = await options.read(caller, call, change.referralId);
      if (!referral || stream.isEnded) return;
      stream.push({
        referralEvents: {
          kind: change.kind,
          country: options.country,
          occurredAt: change.occurredAt,
          referral,
          message: null,
        },
      });
    } catch (error) {
      // Not readable now (the store or the audit log failing): not delivered, never unaudited.
      console.error(`${options.country} referral event ${change.referralId} not delivered: ${String(error)}`);
    }
  }
  stream.push({ referralEvents: notice('CONNECTED') });
  if (expiresAt) {
    const end = () => {
      stream.push({
        referralEvents: notice(
          'DISCONNECTED',
          `Your token expired at ${expiresAt.toISOString()}: sign in again and subscribe anew.`,
        ),
      });
      stream.end();
    };
    const remaining = expiresAt.getTime() - Date.now();
    if (remaining <= 0) end();
    // Timers hold at most 2^31-1 ms; a token living longer is ended at that point and renewed.
    else timer = setTimeout(end, Math.min(remaining, 2 ** 31 - 1)).unref();
  }
  return stream;
}
