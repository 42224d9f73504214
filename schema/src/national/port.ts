import type {
  CaseStatus,
  CountryCode,
  ExploitationForm,
  IdentificationStatus,
  Measure,
  ReferralStatus,
  StatisticDimension,
} from '../codes';
import type { Case, CountryCasePage } from './case.types';
import type { Referral } from './referral.types';
import type { StatisticRow } from './statistics.types';
import type { AuditEventPage } from './audit.types';
import type { FlowsPort } from './flows.port';

/** A page as a port returns it: the count is computed only when a client asks for `totalCount`. */
export type CasePageRecord = Omit<CountryCasePage, 'totalCount'> & { countTotal(): Promise<number> };

/** A referral as stored: the origin case by id (resolved through the port when asked for). */
export type ReferralRecord = Omit<Referral, 'case'> & { caseId: string };

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

/**
 * What a national implementation provides to serve the `national` subgraph. The contract's resolvers
 * validate arguments and ownership, then call this port; an implementation only reads its own store.
 */
export interface NationalPort extends FlowsPort {
  /** Cases by global id (all owned by this country), in the same order; null for unknown ids. Batched: one store query per call. */
  findCases(ids: readonly string[]): Promise<(Case | null)[]>;
  /** One page of this country's cases, newest first. `after` is a cursor this port issued, or undefined. */
  casePage(query: CaseQuery, first: number, after: string | undefined): Promise<CasePageRecord>;
  findReferrals(ids: readonly string[]): Promise<(ReferralRecord | null)[]>;
  referralsOfCase(caseId: string): Promise<ReferralRecord[]>;
  listReferrals(query: ReferralQuery): Promise<ReferralRecord[]>;
  /** This country's audit log, newest first. */
  auditEvents(query: AuditEventQuery): Promise<AuditEventPage>;
  /** Aggregates computed in the store, with small-cell suppression applied. */
  statistics(query: StatisticsQuery): Promise<StatisticRow[]>;
}
