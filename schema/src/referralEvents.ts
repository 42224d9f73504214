/**
 * Referral notifications (docs/developers.md "Referral notifications"): the GraphQL subscription the
 * gateway serves over server-sent events (graphql-sse) at `/graphql/stream`, and that each national
 * service serves for its own referrals at `/events/graphql`. The same schema on both: the gateway
 * merges the countries' streams and adds nothing but its own CONNECTED / DISCONNECTED notices.
 */

/** What happened. CONNECTED / DISCONNECTED: a country's stream (re)started or broke off (events may be missed meanwhile). */
export const REFERRAL_EVENT_KINDS = [
  'CONNECTED',
  'DISCONNECTED',
  'SENT',
  'ACCEPTED',
  'DECLINED',
  'WITHDRAWN',
  'COMPLETED',
  'REMINDER',
  'EXPIRING',
] as const;
export type ReferralEventKind = (typeof REFERRAL_EVENT_KINDS)[number];

/** The kinds a national service publishes about one of its referrals. */
export type ReferralChangeKind = Exclude<ReferralEventKind, 'CONNECTED' | 'DISCONNECTED'>;

export const REFERRAL_EVENTS_SDL = `
"What happened to a referral, or to the stream of a country's referral events."
enum ReferralEventKind { ${REFERRAL_EVENT_KINDS.join(' ')} }

"The referral an event is about, as the caller may read it (the owning country's policy decides)."
type ReferralNotice {
  id: ID!
  fromCountry: String!
  toCountry: String!
  "The receiving country's organisation it is addressed to; null: that country's coordinators."
  toOrganisationId: String
  status: String!
  reason: String!
  urgency: String!
  sentAt: String
  respondedAt: String
  expiresAt: String!
}

type ReferralEvent {
  kind: ReferralEventKind!
  "The country whose referral (or stream) this is: the sending country of the referral."
  country: String!
  "When it happened (ISO 8601 UTC)."
  occurredAt: String!
  "Null for CONNECTED and DISCONNECTED."
  referral: ReferralNotice
  "For DISCONNECTED: why, in words."
  message: String
}

type Query {
  "Always true: subscriptions need a query type."
  referralEventsAvailable: Boolean!
}

type Subscription {
  "Referral events the caller may read, from the moment of subscribing: a referral addressed to their country or organisation arrives, is answered, is unanswered after the reminder period, or nears expiry."
  referralEvents: ReferralEvent!
}
`;

/** The subscription a client sends (the IDE, the dashboard, the gateway to each country). */
export const REFERRAL_EVENTS_SUBSCRIPTION = `subscription ReferralEvents {
  referralEvents {
    kind country occurredAt message
    referral { id fromCountry toCountry toOrganisationId status reason urgency sentAt respondedAt expiresAt }
  }
}`;

export interface ReferralNotice {
  id: string;
  fromCountry: string;
  toCountry: string;
  toOrganisationId: string | null;
  status: string;
  reason: string;
  urgency: string;
  sentAt: string | null;
  respondedAt: string | null;
  expiresAt: string;
}

export interface ReferralEvent {
  kind: ReferralEventKind;
  country: string;
  occurredAt: string;
  referral: ReferralNotice | null;
  message: string | null;
}

/** The path of the gateway's subscription endpoint and of each national service's event stream. */
export const GATEWAY_EVENTS_PATH = '/graphql/stream';
export const NATIONAL_EVENTS_PATH = '/events/graphql';
