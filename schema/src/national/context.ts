import type { ConnectedCountry } from '../codes';
import type { CrossBorderPort } from '../crossborder/port';
import type { PersonMatchingPort } from '../matching/port';
import type { NationalPort } from './port';

/** The verified caller, as the service's own token verification established it. */
export interface CallerIdentity {
  /** Pseudonymous subject id. */
  subject: string;
  /** Home country (the issuer's). */
  country: string;
  organisation: string | null;
  roles: readonly string[];
}

/** One access to person-level data (or its refusal), as the contract's resolvers report it. */
export interface AccessRecord {
  action:
    | 'READ_UNIT'
    | 'READ_AGGREGATE'
    | 'MATCH_QUERY'
    | 'CREATE_REFERRAL'
    | 'RESPOND_REFERRAL'
    | 'LINK_CASES'
    | 'ASSIGN_CASE'
    | 'WRITE'
    | 'EXPORT';
  entityType: string;
  entityIds: readonly string[];
  outcome: 'ALLOWED' | 'DENIED';
  /** For a denial: its error code. */
  reason?: string;
  /**
   * Records actually disclosed (e.g. 0 for a read answered with null, countries that hold a match);
   * default: the ids.
   */
  resultCount?: number;
  /** For an allowed access: the caller's role that granted it (default: the first of the caller's roles). */
  grantedBy?: string;
  /** For a WRITE: the names of the fields it changed (never their values). */
  changedFields?: readonly string[];
}

/**
 * Collects the accesses of one request; the service writes them to its audit log before the answer
 * leaves, and sends no data when that write fails (no unaudited read).
 */
export interface AccessRecorder {
  record(access: AccessRecord): void;
}

/** The steps of cross-border work a caller may be allowed to take (each one audited). */
export type CrossBorderAction =
  | 'CREATE_REFERRAL'
  | 'RESPOND_REFERRAL'
  | 'WITHDRAW_REFERRAL'
  | 'COMPLETE_REFERRAL'
  | 'OPEN_CASE_FROM_REFERRAL'
  | 'PROPOSE_LINK'
  | 'CONFIRM_LINK'
  | 'MIRROR_LINK';

/** A policy's answer: allowed, or refused with a stable code and a message a person can act on. */
export type AccessDecision =
  | {
      allowed: true;
      /** The caller's role that grants the access, where one role does. */ grantedBy?: string;
    }
  | { allowed: false; code: string; message: string };

/**
 * The owning country's access policy for this request's caller. The contract's resolvers ask it before
 * they read; each country implements it in one module (its own access decisions).
 */
export interface AccessPolicy {
  /** Reading person-level records (cases, referrals, case links) of this country: role and declared purpose. */
  unitRead(entityType: string): AccessDecision;
  /**
   * Reading one record by id once it has been looked up through the caller's scoped stores: `found` is
   * false both for a record that does not exist and for one outside the caller's case scope (the stores
   * never return those), so the answer cannot tell them apart. `sharedWith`: the countries it is shared
   * with (an accepted referral's receiver, a confirmed link's other side, the sender of the referral a
   * case was opened from); a caller from another country must be one of them.
   */
  recordInReach(
    entityType: string,
    id: string,
    found: boolean,
    sharedWith: readonly string[],
  ): AccessDecision;
  /** Reading this country's audit log (its own auditors only). */
  auditLog(): AccessDecision;
  /** Listing this country's records (`Query.cases`): browsing is for this country's own users. */
  browse(field: string): AccessDecision;
  /** A field the contract marks with `@Authorized(scope)` (see `FieldScope`). */
  field(field: string, scopes: readonly string[]): AccessDecision;
  /** Reading aggregated, suppressed statistics. */
  statistics(): AccessDecision;
  /** A step of cross-border work on a referral or link whose other country is `counterpart`. */
  crossBorderAction(action: CrossBorderAction, counterpart: string): AccessDecision;
  /**
   * Person matching (DOMAIN §4.4): `REQUEST` — asking other countries about a case of this country (its
   * own users only); `ANSWER` — answering another country's token lookup. Same roles and purposes.
   */
  personMatch(step: 'REQUEST' | 'ANSWER'): AccessDecision;
  /**
   * Match reviews (DOMAIN §4.4 four-eyes rule on matches involving minors): `READ` — listing this
   * country's; `REVIEW` — recording a review of one.
   */
  matchReview(step: 'READ' | 'REVIEW'): AccessDecision;
  /** Assigning a case of this country to an organisation (its coordinators, for continuity of care). */
  caseAssignment(): AccessDecision;
  /**
   * A domestic write of a case (`operation`, e.g. `Mutation.registerCase`) whose responsible
   * organisation is `organisation` (for a registration: the one it will have; for a change: the stored
   * one, null when the case is missing or outside the caller's case scope).
   */
  caseWrite(operation: string, organisation: string | null): AccessDecision;
  /** The caller's home country when it is not this one (a cross-border caller), else null. */
  readonly foreignCountry: string | null;
}

/** The per-request context a national service gives the contract's resolvers. */
export interface NationalContext {
  /** Who is asking; null only for data-free operations (`__typename`, `_service`). */
  readonly caller: CallerIdentity | null;
  readonly audit: AccessRecorder;
  readonly policy: AccessPolicy;
  /** The country this service answers for; it refuses everything else. */
  readonly country: ConnectedCountry;
  readonly national: NationalPort;
  readonly crossborder: CrossBorderPort;
  readonly matching: PersonMatchingPort;
}
