import {
  type Case,
  type CaseStatus,
  type ConnectedCountry,
  type CountryCode,
  EU_MEMBER_STATES,
  type CitizenshipGroup,
  eurostatGroupOf,
  ageGroupOf,
  formatGlobalId,
  isNordicCountry,
} from '@nordic/schema';
import { joinCodes, splitCodes } from '../codeListColumns';
import type { CaseContents } from '../seed/syntheticCase';
import { newRecordKey } from '../statistics/cellKeyPerturbation';
import type {
  AssistanceRow,
  CaseRow,
  ExploitationRow,
  IndicatorRow,
  TraffickingEventRow,
} from './case.entity';

export interface CaseChildren {
  exploitations: ExploitationRow[];
  events: TraffickingEventRow[];
  indicators: IndicatorRow[];
  assistance: AssistanceRow[];
}

/** Store row → contract object. The contract type has no field for anything national-only. */
export function toContractCase(country: ConnectedCountry, row: CaseRow, children: CaseChildren): Case {
  return {
    id: row.id,
    country,
    registeringOrgType: row.registeringOrgType as Case['registeringOrgType'],
    openedMonth: row.openedMonth,
    closedMonth: row.closedMonth,
    status: row.status as CaseStatus,
    subject: {
      sex: row.sex as Case['subject']['sex'],
      ageBandAtIdentification: row.ageBand as Case['subject']['ageBandAtIdentification'],
      minorAtExploitation: row.minorAtExploitation,
      citizenship: splitCodes<CountryCode>(row.citizenship),
      migrationStatus: row.migrationStatus as Case['subject']['migrationStatus'],
      recruiterRelationship: row.recruiterRelationship as Case['subject']['recruiterRelationship'],
      recruitmentMethods: splitCodes(row.recruitmentMethods),
      accompaniedChildrenCount: row.accompaniedChildrenCount,
    },
    identification: {
      status: row.identificationStatus as Case['identification']['status'],
      decidedByOrgType: row.decidedByOrgType as Case['identification']['decidedByOrgType'],
      decidedMonth: row.decidedMonth,
      reflectionPeriodEndsMonth: row.reflectionPeriodEndsMonth,
    },
    exploitations: children.exploitations.map((e) => {
      const form = e.form as Case['exploitations'][number]['form'];
      return {
        form,
        eurostatGroup: eurostatGroupOf(form),
        sexualType: e.sexualType as Case['exploitations'][number]['sexualType'],
        industry: e.industry as Case['exploitations'][number]['industry'],
        country: e.country as CountryCode,
        fromMonth: e.fromMonth,
        toMonth: e.toMonth,
        meansOfControl: splitCodes(e.meansOfControl),
        onlineFacilitated: e.onlineFacilitated,
      };
    }),
    events: children.events.map((e) => ({
      type: e.type as Case['events'][number]['type'],
      country: e.country as CountryCode,
      nuts2: e.nuts2,
      month: e.month,
    })),
    indicators: children.indicators.map((i) => ({
      indicator: i.indicator as Case['indicators'][number]['indicator'],
      observedByOrgType: i.observedByOrgType as Case['indicators'][number]['observedByOrgType'],
      month: i.month,
    })),
    assistance: children.assistance.map((a) => ({
      type: a.type as Case['assistance'][number]['type'],
      providerOrgType: a.providerOrgType as Case['assistance'][number]['providerOrgType'],
      status: a.status as Case['assistance'][number]['status'],
      startMonth: a.startMonth,
      endMonth: a.endMonth,
    })),
    perpetratorSummary: row.hasPerpetratorSummary
      ? {
          count: row.perpetratorCount,
          roles: splitCodes(row.perpetratorRoles),
          legalPersonInvolved: row.legalPersonInvolved,
          criminalInvestigationOpened: row.criminalInvestigationOpened,
        }
      : null,
    legalBasisNational: row.legalBasisNational,
    responsibleOrganisation: row.responsibleOrgId ? { id: row.responsibleOrgId } : null,
    synthetic: row.synthetic,
    version: row.version,
  };
}

/** Eurostat's citizenship grouping relative to the reporting country (first citizenship decides). */
export function citizenshipGroupOf(
  citizenship: readonly string[],
  reportingCountry: ConnectedCountry,
): CitizenshipGroup {
  const first = citizenship[0];
  if (!first) return 'UNKNOWN';
  if (first === reportingCountry) return 'REPORTING_COUNTRY';
  if (isNordicCountry(first)) return 'OTHER_NORDIC';
  return EU_MEMBER_STATES.has(first) ? 'OTHER_EU' : 'NON_EU';
}

/**
 * Column values of a case row (without seq) for a case given in the generator's shape: the statistics
 * columns are derived here and nowhere else, so every path that writes a case keeps them consistent.
 */
export function caseRowValues(
  country: ConnectedCountry,
  local: string,
  c: CaseContents,
  hasLinks: boolean,
  synthetic: boolean,
): Omit<CaseRow, 'seq'> {
  const main = c.exploitations[0];
  if (!main) throw new Error(`case ${local} has no exploitation`);
  return {
    id: formatGlobalId(country, 'Case', local),
    openedYear: Number(c.openedMonth.slice(0, 4)),
    openedMonth: c.openedMonth,
    closedMonth: c.closedMonth,
    status: c.status,
    registeringOrgType: c.registeringOrgType,
    sex: c.sex,
    ageBand: c.ageBand,
    ageGroup: ageGroupOf(c.ageBand),
    minorAtExploitation: c.minorAtExploitation,
    citizenship: joinCodes(c.citizenship),
    citizenshipGroup: citizenshipGroupOf(c.citizenship, country),
    migrationStatus: c.migrationStatus,
    recruiterRelationship: c.recruiterRelationship,
    recruitmentMethods: joinCodes(c.recruitmentMethods),
    accompaniedChildrenCount: c.accompaniedChildrenCount,
    languages: joinCodes(c.languages),
    identificationStatus: c.identification.status,
    decidedByOrgType: c.identification.decidedByOrgType,
    decidedMonth: c.identification.decidedMonth,
    reflectionPeriodEndsMonth: c.identification.reflectionPeriodEndsMonth,
    exploitationForm: main.form,
    exploitationGroup: eurostatGroupOf(main.form),
    industry: main.industry ?? '',
    hasPerpetratorSummary: c.perpetratorSummary !== null,
    perpetratorCount: c.perpetratorSummary?.count ?? null,
    perpetratorRoles: joinCodes(c.perpetratorSummary?.roles ?? []),
    legalPersonInvolved: c.perpetratorSummary?.legalPersonInvolved ?? null,
    criminalInvestigationOpened: c.perpetratorSummary?.criminalInvestigationOpened ?? null,
    legalBasisNational: c.legalBasisNational,
    safetyRiskLevel: c.safetyRiskLevel,
    assisted: c.assistance.length > 0,
    originReferralId: c.originReferralId,
    responsibleOrgId: c.responsibleOrgId,
    hasLinks,
    synthetic,
    recordKey: newRecordKey(),
    version: 1,
  };
}
