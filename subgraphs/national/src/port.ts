import type {
  AccessPolicy,
  AccessRecorder,
  AuditEventQuery,
  CallerIdentity,
  CaseQuery,
  ConnectedCountry,
  NationalContext,
  NationalPort,
  ReferralQuery,
  StatisticsQuery,
} from '@nordic/schema';
import type { IncomingCall } from '@nordic/subgraph-common';
import type { DataSource } from 'typeorm';
import type { GatewayClient } from './crossborder/gatewayClient';
import type { AccessOutcome, AuditAction, CountryCode, LegalBasis, Purpose, Role } from '@nordic/schema';
import { listAuditEvents } from './audit/auditQueries';
import { CaseStore } from './cases/caseStore';
import { CaseSharing } from './policy/caseSharing';
import { LinkStore } from './links/linkStore';
import { type PersonMatchingSettings, PersonMatching } from './matching/personMatching';
import { ReferralStore } from './referrals/referralStore';
import { type StatisticsSettings, StatisticsStore } from './statistics/statisticsStore';

/** What a request needs to take a step in another country: the gateway, and the caller's request (its token and purpose are forwarded). */
export interface CrossBorderCalls {
  gateway: GatewayClient;
  call: IncomingCall;
}

/**
 * Builds the per-request context the contract's resolvers run against: this country's stores, each
 * with fresh DataLoaders so batching never leaks across requests (or callers).
 */
export function createNationalContext(
  dataSource: DataSource,
  country: ConnectedCountry,
  statistics: StatisticsSettings,
  caller: CallerIdentity | null,
  audit: AccessRecorder,
  policy: AccessPolicy,
  crossBorder: CrossBorderCalls,
  matching: PersonMatchingSettings & { purpose: Purpose | null; traceId: string },
): NationalContext {
  const cases = new CaseStore(dataSource, country);
  const referrals = new ReferralStore(dataSource, country);
  const stats = new StatisticsStore(dataSource, country, statistics);
  const sharing = new CaseSharing(dataSource, country);
  const national: NationalPort = {
    findCases: (ids) => cases.findCases(ids),
    casePage: (query: CaseQuery, first, after) => cases.casePage(query, first, after),
    sharedWith: (ids) => sharing.sharedWith(ids),
    findReferrals: (ids) => referrals.findReferrals(ids),
    referralsOfCase: (caseId) => referrals.referralsOfCase(caseId),
    listReferrals: (query: ReferralQuery) => referrals.listReferrals(query),
    statistics: (query: StatisticsQuery) => stats.statistics(query),
    auditEvents: async (query: AuditEventQuery) => {
      const page = await listAuditEvents(dataSource, query);
      return {
        nodes: page.nodes.map((n) => ({
          ...n,
          at: new Date(n.at),
          actorCountry: n.actorCountry as CountryCode,
          servingCountry: n.servingCountry as CountryCode,
          role: n.role as Role,
          action: n.action as AuditAction,
          purpose: n.purpose as Purpose | null,
          legalBasis: n.legalBasis as LegalBasis | null,
          outcome: n.outcome as AccessOutcome,
        })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  };
  const { purpose, traceId, ...settings } = matching;
  return {
    caller,
    audit,
    policy,
    country,
    national,
    crossborder: new LinkStore(dataSource, country),
    matching: new PersonMatching(dataSource, country, settings, { caller, purpose, traceId, crossBorder }),
  };
}
