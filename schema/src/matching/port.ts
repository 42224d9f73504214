import type { CountryCode, TokenScheme } from '../codes';

/** One match token as it travels between countries: a keyed hash, never the fields it was made from. */
export interface MatchTokenValue {
  scheme: TokenScheme;
  keyVersion: number;
  /** HMAC-SHA-256, lower-case hex. */
  value: string;
}

/** One other country's part of a person match: its existence-only answer, or why it gave none. */
export type ForeignMatch =
  | { country: CountryCode; hasRecord: boolean; contactPointId: string | null }
  | { country: CountryCode; failure: { code: string; message: string } };

/** A person match involving a minor, kept for a second person's review (DOMAIN §4.4). */
export interface MatchReviewRecord {
  id: string;
  at: Date;
  /** This country for its own request; the asking country for an answer given to it. */
  requestingCountry: CountryCode;
  /** The other countries involved: those that reported a record (own request), or the asking one. */
  countries: CountryCode[];
  /** This country's cases of the person. */
  caseIds: string[];
  /**
   * The match request the review comes from: this country's own (`FI:MatchRequest:12`), or the asking
   * country's, as its signed lookup named it. Null on reviews kept before requests had ids.
   */
  matchRequestId: string | null;
  /** The requester's pseudonymous subject. */
  requestedBy: string;
  /** The written justification (own requests only: it never crosses a border). */
  justification: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

export type MatchAdmission =
  | { admitted: true; /** e.g. `FI:MatchRequest:12` */ requestId: string }
  | { admitted: false; message: string };

/** Whether this country answers a signed token lookup, and for which request of which country. */
export type LookupAdmission =
  | { admitted: true; askingCountry: CountryCode; requestId: string }
  | { admitted: false; code: string; message: string };

/**
 * What a national implementation provides for person matching (DOMAIN §4.4): the owning country's side
 * (its case's tokens, the request log, asking the others) and the answering side (its own token index).
 */
export interface PersonMatchingPort {
  /** The linkage-key version this country's tokens are computed with. */
  readonly keyVersion: number;
  /** Tokens of the person of a case of this country; null when there is no such case. */
  tokensOfCase(caseId: string): Promise<MatchTokenValue[] | null>;
  /**
   * Records a match request with its justification, unless the caller is over the per-subject rate
   * limit (then nothing is recorded and the answer says when to retry).
   */
  admitRequest(request: { caseId: string; justification: string }): Promise<MatchAdmission>;
  /**
   * Asks every other connected country whether it holds a record with one of the tokens, in one lookup
   * signed with this service's key and bound to the admitted request; one entry each, network order.
   */
  askOtherCountries(
    tokens: readonly MatchTokenValue[],
    request: { requestId: string; justification: string },
  ): Promise<ForeignMatch[]>;
  /**
   * The answering side's gate: verifies a signed lookup (the asking country's service key, bound to the
   * caller, these tokens and this country, not expired), refuses a replay (nonce answered before) and
   * applies this country's per-asking-country rate limit; records the lookup when admitted.
   */
  admitLookup(lookup: {
    signedRequest: string;
    tokens: readonly MatchTokenValue[];
  }): Promise<LookupAdmission>;
  /** Ids of this country's cases whose person has one of the tokens (of this country's key version). */
  casesWithTokens(tokens: readonly MatchTokenValue[]): Promise<string[]>;
  /** Which of these cases of this country concern a person who was a minor when exploited. */
  minorCases(caseIds: readonly string[]): Promise<string[]>;
  /**
   * Keeps a match involving a minor for review: this country's own request (`requestingCountry` = this
   * country), or its answer to another country's. Every call keeps a new review — its identity is the
   * store's, never anything the client sent.
   */
  keepForReview(review: Omit<MatchReviewRecord, 'id' | 'at' | 'reviewedBy' | 'reviewedAt'>): Promise<void>;
  /** One of this country's match reviews, or null. */
  matchReview(id: string): Promise<MatchReviewRecord | null>;
  /** This country's match reviews, newest first; only those not reviewed yet when `pending`. */
  matchReviews(pending: boolean): Promise<MatchReviewRecord[]>;
  /** Records `reviewer`'s review of a match review (the first one stays); null when there is no such review. */
  review(id: string, reviewer: string): Promise<MatchReviewRecord | null>;
}
