import { type Client, createClient } from 'graphql-sse';
import { REFERRAL_EVENTS_SUBSCRIPTION, type ReferralEvent } from '../../schema/src/referralEvents';
import type { GraphqlError } from './graphql';

/**
 * A subscriber to the gateway's referral notifications, with the real graphql-sse client as the
 * dashboard uses it: every event is kept, and a test waits for the one it expects (never for time).
 */
export class ReferralSubscriber {
  readonly events: ReferralEvent[] = [];
  /** Resolves when the subscription ends: the errors it ended with (none: completed). */
  readonly ended: Promise<GraphqlError[]>;
  private readonly waiters: {
    matches: (e: ReferralEvent) => boolean;
    resolve: (e: ReferralEvent) => void;
  }[] = [];
  private readonly client: Client;
  private readonly unsubscribe: () => void;
  private errors: GraphqlError[] = [];

  /** `endpoint`: the gateway's `/graphql/stream`, or a national service's `/events/graphql` (an attacker's way round). */
  constructor(endpoint: string, token: string | null, purpose = 'CROSS_BORDER_REFERRAL') {
    this.client = createClient({
      url: endpoint,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(purpose ? { 'x-purpose': purpose } : {}),
      },
      retryAttempts: 0,
    });
    let end: (errors: GraphqlError[]) => void = () => undefined;
    this.ended = new Promise((resolve) => {
      end = resolve;
    });
    this.unsubscribe = this.client.subscribe<{ referralEvents: ReferralEvent }>(
      { query: REFERRAL_EVENTS_SUBSCRIPTION },
      {
        next: (result) => {
          if (result.errors) this.errors.push(...(result.errors as unknown as GraphqlError[]));
          const event = result.data?.referralEvents;
          if (!event) return;
          this.events.push(event);
          for (const waiter of [...this.waiters]) {
            if (!waiter.matches(event)) continue;
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        },
        error: (error) => end([...this.errors, { message: String(error) } as GraphqlError]),
        complete: () => end(this.errors),
      },
    );
  }

  /** The first event (received or still to come) that `matches`. */
  until(matches: (e: ReferralEvent) => boolean): Promise<ReferralEvent> {
    const seen = this.events.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ matches, resolve }));
  }

  /** The next event from now on that `matches` (not one already received). */
  next(matches: (e: ReferralEvent) => boolean): Promise<ReferralEvent> {
    return new Promise((resolve) => this.waiters.push({ matches, resolve }));
  }

  /** Once every country in `countries` has said CONNECTED: from then on, their events reach this subscriber. */
  async connectedTo(countries: readonly string[]): Promise<void> {
    await Promise.all(countries.map((c) => this.until((e) => e.kind === 'CONNECTED' && e.country === c)));
  }

  /** The ids of the referrals this subscriber was told about. */
  referralIds(): string[] {
    return this.events.flatMap((e) => (e.referral ? [e.referral.id] : []));
  }

  close(): void {
    this.unsubscribe();
    this.client.dispose();
  }
}

/** An event about `referralId` of `kind`. */
export const about =
  (kind: ReferralEvent['kind'], referralId: string) =>
  (e: ReferralEvent): boolean =>
    e.kind === kind && e.referral?.id === referralId;
