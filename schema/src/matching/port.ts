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

export type MatchAdmission = { admitted: true } | { admitted: false; message: string };

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
  /** Asks every other connected country whether it holds a record with one of the tokens; one entry each, network order. */
  askOtherCountries(tokens: readonly MatchTokenValue[]): Promise<ForeignMatch[]>;
  /** Ids of this country's cases whose person has one of the tokens (of this country's key version). */
  casesWithTokens(tokens: readonly MatchTokenValue[]): Promise<string[]>;
}
