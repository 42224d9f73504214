import type {
  CaseStatus,
  CountryCode,
  ExploitationForm,
  IdentificationStatus,
  Measure,
  Purpose,
  ReferralStatus,
  StatisticDimension,
} from '../codes';
import type { Case, CountryCasePage } from './case.types';
import type { Referral } from './referral.types';
import type { StatisticRow } from './statistics.types';
import type { AuditEventPage } from './audit.types';
import type { ReferralRequest } from './referralInputs';
import type { CaseEventInput, CaseInput, PersonIdentityInput } from './caseInputs';
import type { ReferralAction } from './referralTransitions';
import type { FlowsPort } from './flows.port';

/** A page as a port returns it: the count is computed only when a client asks for `totalCount`. */
export type CasePageRecord = Omit<CountryCasePage, 'totalCount'> & { countTotal(): Promise<number> };

/** A referral as stored: the origin case by id (resolved through the port when asked for). */
export type ReferralRecord = Omit<Referral, 'case'> & {
  caseId: string;
  /** The case the receiving country opened when it accepted (crossborder `destinationCase`). */
  destinationCaseId: string | null;
};

export interface CaseQuery {
  status?: CaseStatus[];
  identificationStatus?: IdentificationStatus[];
  exploitationForm?: ExploitationForm;
  openedFrom?: string;
  openedTo?: string;
  minor?: boolean;
  incomingReferral?: boolean;
  crossBorder?: boolean;
  reflectionPeriodEndsBefore?: string;
}

export interface StatisticsQuery {
  yearFrom: number;
  yearTo: number;
  measure: Measure;
  /** Validated, de-duplicated, without COUNTRY (always present); YEAR included when asked or when a range is given. */
  groupBy: StatisticDimension[];
}

export interface ReferralQuery {
  /** Only referrals sent to this country, when given. */
  toCountry?: CountryCode;
  status?: ReferralStatus[];
}

export interface AuditEventQuery {
  entityId?: string;
  actorCountry?: string;
  crossBorder?: boolean;
  outcome?: 'ALLOWED' | 'DENIED';
  /** ISO 8601 instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  first: number;
  after?: string;
}

/** A write's idempotency: the same key from the same caller for the same request gives the first result. */
export interface Idempotency {
  subject: string;
  key: string;
}

/** A domestic write of a case (registerCase, updateCase, recordCaseEvent, closeCase, reopenCase). */
export type CaseWrite =
  | { operation: 'REGISTER'; input: CaseInput; identity: PersonIdentityInput | null }
  | {
      operation: 'UPDATE';
      id: string;
      expectedVersion: number;
      input: CaseInput;
      identity: PersonIdentityInput | null;
    }
  | { operation: 'RECORD_EVENT'; id: string; expectedVersion: number; event: CaseEventInput }
  | {
      operation: 'CLOSE';
      id: string;
      expectedVersion: number;
      closedMonth: string;
      status: 'CLOSED' | 'CLOSED_REFERRED';
    }
  | { operation: 'REOPEN'; id: string; expectedVersion: number; status: 'ACTIVE' | 'FOLLOW_UP' };

/** A written case, and the names (never the values) of the fields the write changed, for the audit. */
export interface CaseWriteResult {
  case: Case;
  changedFields: string[];
}

/**
 * What a national implementation provides to serve the `national` subgraph. The contract's resolvers
 * validate arguments and ownership, then call this port; an implementation only reads its own store.
 */
export interface NationalPort extends FlowsPort {
  /** Cases by global id (all owned by this country), in the same order; null for unknown ids. Batched: one store query per call. */
  findCases(ids: readonly string[]): Promise<(Case | null)[]>;
  /** One page of this country's cases, newest first. `after` is a cursor this port issued, or undefined. */
  casePage(query: CaseQuery, first: number, after: string | undefined): Promise<CasePageRecord>;
  /**
   * For each case (same order): the countries it is shared with — receivers of its accepted referrals,
   * the other side of its confirmed links, the sender of the referral it was opened from. Batched.
   */
  sharedWith(caseIds: readonly string[]): Promise<string[][]>;
  findReferrals(ids: readonly string[]): Promise<(ReferralRecord | null)[]>;
  referralsOfCase(caseId: string): Promise<ReferralRecord[]>;
  listReferrals(query: ReferralQuery): Promise<ReferralRecord[]>;
  /**
   * Makes `organisationId` (an organisation of this country) responsible for one of its cases; null
   * when there is no such case. Idempotent under retry with the same key.
   */
  assignCase(caseId: string, organisationId: string, idempotency: Idempotency): Promise<Case | null>;
  /** Sends a referral from one of this country's cases; the payload is built from the case. */
  createReferral(
    caseId: string,
    request: ReferralRequest,
    purpose: Purpose,
    idempotency: Idempotency,
  ): Promise<ReferralRecord>;
  /**
   * Takes a lifecycle action on a referral this country sent (see REFERRAL_TRANSITIONS). ACCEPT first
   * opens the case in the receiving country (through the gateway, as the caller) and records it as the
   * referral's destination; if that step fails nothing changes here.
   */
  actOnReferral(
    id: string,
    action: ReferralAction,
    note: string | null,
    idempotency: Idempotency,
  ): Promise<ReferralRecord>;
  /** The receiving side of ACCEPT: opens (once) a case of this country from another country's referral. */
  openCaseFromReferral(referralId: string): Promise<Case>;
  /**
   * Writes a case of this country from a domestic user's input, checked whole (BAD_USER_INPUT naming
   * `extensions.field`; nothing written); an update with another `expectedVersion` than the stored one
   * is `CONFLICT` (nothing written). Cases outside the caller's case scope are refused like missing
   * ones. Idempotent under retry with the same key.
   */
  writeCase(write: CaseWrite, idempotency: Idempotency): Promise<CaseWriteResult>;
  /** This country's audit log, newest first. */
  auditEvents(query: AuditEventQuery): Promise<AuditEventPage>;
  /** Aggregates computed in the store, with small-cell suppression applied. */
  statistics(query: StatisticsQuery): Promise<StatisticRow[]>;
}
