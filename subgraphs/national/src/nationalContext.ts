import type {
  AccessRecorder,
  AuditEventQuery,
  CallerIdentity,
  CaseQuery,
  ConnectedCountry,
  CrossBorderPort,
  NationalContext,
  NationalPort,
  ReferralQuery,
  StatisticsQuery,
} from '@nordic/schema';
import type { DataSource } from 'typeorm';
import type { CrossBorderCalls } from './crossborder/remoteStep';
import type { AccessOutcome, AuditAction, CountryCode, LegalBasis, Purpose, Role } from '@nordic/schema';
import { inNetworkOrder } from '@nordic/schema';
import { listAuditEvents } from './audit/auditQueries';
import { assignCase } from './cases/caseAssignment';
import { CaseStore } from './cases/caseStore';
import { CaseWrites } from './cases/caseWrites';
import type { NationalAccessPolicy } from './policy/accessPolicy';
import { CaseSharing } from './policy/caseSharing';
import { LinkStore } from './links/linkStore';
import { LinkWrites } from './links/linkWrites';
import { ReferralWrites } from './referrals/referralWrites';
import { type PersonMatchingSettings, PersonMatching } from './matching/personMatching';
import { ReferralStore } from './referrals/referralStore';
import { ReferralMetricsStore } from './statistics/referralMetricsStore';
import { RouteFlowStore } from './statistics/routeFlowStore';
import { type StatisticsSettings, StatisticsStore } from './statistics/statisticsStore';

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
  policy: NationalAccessPolicy,
  crossBorder: CrossBorderCalls,
  matching: PersonMatchingSettings & { purpose: Purpose | null; traceId: string },
): NationalContext {
  // Caseworkers and police liaisons read only the cases their roles cover (DOMAIN §4.2).
  const cases = new CaseStore(dataSource, country, policy.caseScope);
  // A caseworker abroad reads only the referrals addressed to their organisation.
  const referrals = new ReferralStore(dataSource, country, policy.caseScope, policy.referralAddressee);
  const stats = new StatisticsStore(dataSource, country, statistics);
  const sharing = new CaseSharing(dataSource, country);
  const referralWrites = new ReferralWrites(dataSource, country, crossBorder, caller?.organisation ?? null);
  const caseWrites = new CaseWrites(dataSource, country, policy.caseScope, matching.key, crossBorder);
  const flows = new RouteFlowStore(dataSource, country, statistics);
  const referralMetrics = new ReferralMetricsStore(dataSource, country, statistics);
  const national: NationalPort = {
    findCases: (ids) => cases.findCases(ids),
    casePage: (query: CaseQuery, first, after) => cases.casePage(query, first, after),
    sharedWith: (ids) => sharing.sharedWith(ids),
    findReferrals: (ids) => referrals.findReferrals(ids),
    referralsOfCase: (caseId) => referrals.referralsOfCase(caseId),
    listReferrals: (query: ReferralQuery) => referrals.listReferrals(query),
    assignCase: (caseId, organisationId, idempotency) =>
      assignCase(dataSource, country, crossBorder, caseId, organisationId, idempotency),
    createReferral: (caseId, request, purpose, idempotency) =>
      referralWrites.createReferral(caseId, request, purpose, idempotency),
    actOnReferral: (id, action, note, idempotency) =>
      referralWrites.actOnReferral(id, action, note, idempotency),
    openCaseFromReferral: (referralId) => referralWrites.openCaseFromReferral(referralId),
    writeCase: (write, idempotency) => caseWrites.writeCase(write, idempotency),
    statistics: (query: StatisticsQuery) => stats.statistics(query),
    routeFlows: (query) => flows.routeFlows(query),
    referralMetrics: (query) => referralMetrics.referralMetrics(query),
    auditEvents: async (query: AuditEventQuery) => {
      const page = await listAuditEvents(dataSource, query);
      return {
        nodes: page.nodes.map((n) => ({
          ...n,
          at: new Date(n.at),
          actorCountry: n.actorCountry as CountryCode,
          servingCountry: n.servingCountry as CountryCode,
          role: n.role as Role,
          roles: n.roles as Role[],
          action: n.action as AuditAction,
          purpose: n.purpose as Purpose | null,
          legalBasis: n.legalBasis as LegalBasis | null,
          outcome: n.outcome as AccessOutcome,
        })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  };
  const links = new LinkStore(dataSource, country, policy.caseScope);
  const linkWrites = new LinkWrites(dataSource, country, crossBorder);
  const crossborder: CrossBorderPort = {
    linksOfCase: (caseId) => links.linksOfCase(caseId),
    findLinks: (ids) => links.findLinks(ids),
    listLinks: (query) => links.listLinks(query),
    originReferralOf: (caseId) => links.originReferralOf(caseId),
    destinationCaseOf: (referralId) => links.destinationCaseOf(referralId),
    proposeLink: (caseId, otherCaseId, basis, idempotency) =>
      linkWrites.proposeLink(caseId, otherCaseId, basis, idempotency),
    confirmLink: (id, idempotency) => linkWrites.confirmLink(id, idempotency),
    mirrorLink: (id) => linkWrites.mirrorLink(id),
  };
  const { purpose, traceId, ...settings } = matching;
  return {
    caller,
    audit,
    policy,
    country,
    members: inNetworkOrder(settings.serviceKeys.members.keys()),
    national,
    crossborder,
    matching: new PersonMatching(dataSource, country, settings, { caller, purpose, traceId, crossBorder }),
  };
}
