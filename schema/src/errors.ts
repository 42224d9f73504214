import { GraphQLError } from 'graphql';

/**
 * Stable `extensions.code` values of the Nordic contract. Clients branch on these, so a code is
 * never renamed; add new ones instead. Documented in docs/errors.md.
 */
export const ErrorCode = {
  /** An argument is outside what the contract accepts (e.g. `first` out of range). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A global id is not of the form `CC:Type:local`. */
  INVALID_GLOBAL_ID: 'INVALID_GLOBAL_ID',
  /** A pagination cursor is malformed or belongs to another country or query. */
  INVALID_CURSOR: 'INVALID_CURSOR',
  /** An id, representation or argument names a country other than the one serving the request. */
  NOT_OWNED_BY_THIS_COUNTRY: 'NOT_OWNED_BY_THIS_COUNTRY',
  /** The caller's roles or country do not allow this field or record; the message names the field. */
  FORBIDDEN: 'FORBIDDEN',
  /** A person-level read without a declared purpose (the `x-purpose` header). */
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  /** The declared purpose is not one the caller's roles may use for this read. */
  PURPOSE_NOT_ALLOWED: 'PURPOSE_NOT_ALLOWED',
  /** The service's own database cannot be reached (down, restarting, out of connections); the same request may succeed shortly. */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** The access could not be written to the audit log, so no data was returned. */
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  /** A statistics request asked for something the contract does not offer (e.g. an unknown group-by combination). */
  UNSUPPORTED_STATISTIC: 'UNSUPPORTED_STATISTIC',
  /** The record does not exist, or is not one the caller's country may act on (the same answer for both). */
  NOT_FOUND: 'NOT_FOUND',
  /** A referral cannot move from its current state by this action (e.g. accepting a withdrawn referral). */
  INVALID_REFERRAL_TRANSITION: 'INVALID_REFERRAL_TRANSITION',
  /** A case link cannot be confirmed or proposed in its current state. */
  INVALID_LINK_TRANSITION: 'INVALID_LINK_TRANSITION',
  /** A write named an `expectedVersion` of a record that has changed since: nothing was written; `extensions.currentVersion` is the version now stored. */
  CONFLICT: 'CONFLICT',
  /** An idempotency key was used before for a different request by the same caller. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** A cross-border step needed another country (through the gateway) and it could not be reached; nothing was changed here, retry with the same idempotency key. */
  CROSS_BORDER_UNAVAILABLE: 'CROSS_BORDER_UNAVAILABLE',
  /** A person match without a usable written justification (too short, too long, or holding identifiers). */
  INVALID_JUSTIFICATION: 'INVALID_JUSTIFICATION',
  /** The caller made more person-match requests than the owning country allows per hour. */
  MATCH_RATE_LIMITED: 'MATCH_RATE_LIMITED',
  /** The case's person has no match token (no birth month and citizenship, and no travel document). */
  NO_MATCH_TOKENS: 'NO_MATCH_TOKENS',
  /** Match tokens of a linkage-key version that the answering country does not hold (a rotation in progress). */
  LINKAGE_KEY_MISMATCH: 'LINKAGE_KEY_MISMATCH',
  /** An audit checkpoint that is malformed, not signed by its country's configured service key, or not one this receiver takes. */
  AUDIT_CHECKPOINT_INVALID: 'AUDIT_CHECKPOINT_INVALID',
  /** A validly signed audit checkpoint that contradicts one already held: a lower seq than the head seen (a cut log) or another head hash at a seq (a rewritten log). */
  AUDIT_CHECKPOINT_CONFLICT: 'AUDIT_CHECKPOINT_CONFLICT',
  /**
   * A token lookup without the asking service's signature: `matchTokenLookup` answers only the lookups a
   * national service signs for a person match started with `matchPerson`, never a user's own call.
   */
  MATCH_LOOKUP_NOT_SIGNED: 'MATCH_LOOKUP_NOT_SIGNED',
  /** A signed token lookup that does not verify (forged, another country's key, expired, or bound to another user, tokens or country). */
  MATCH_LOOKUP_SIGNATURE_INVALID: 'MATCH_LOOKUP_SIGNATURE_INVALID',
  /** A signed token lookup this country has already answered (each is answered once). */
  MATCH_LOOKUP_REPLAYED: 'MATCH_LOOKUP_REPLAYED',
  /** The asking country sent more token lookups than the answering country allows it per hour. */
  MATCH_LOOKUP_RATE_LIMITED: 'MATCH_LOOKUP_RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function contractError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}
