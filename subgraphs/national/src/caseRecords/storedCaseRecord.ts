import type { ConnectedCountry } from '@nordic/schema';
import type { EntityManager } from 'typeorm';
import {
  AssistanceRow,
  type CaseRow,
  ExploitationRow,
  IndicatorRow,
  TraffickingEventRow,
} from '../cases/case.entity';
import { toContractCase } from '../cases/case.mapper';
import { splitCodes } from '../codeListColumns';
import type { CaseContentsRecord } from './caseRecordSchema';

/**
 * A stored case as a case record (without its identity, which a replacement then keeps): what a change
 * that names only part of a case (an event, closing, reopening) is applied to before the whole record
 * is checked and written again. Codes are read back as they were written (checked then).
 */
export async function storedCaseRecord(manager: EntityManager, row: CaseRow): Promise<CaseContentsRecord> {
  const where = { caseSeq: row.seq };
  const order = { position: 'ASC' } as const;
  const [exploitations, events, indicators, assistance] = await Promise.all([
    manager.getRepository(ExploitationRow).find({ where, order }),
    manager.getRepository(TraffickingEventRow).find({ where, order }),
    manager.getRepository(IndicatorRow).find({ where, order }),
    manager.getRepository(AssistanceRow).find({ where, order }),
  ]);
  // The child rows are read back as the contract maps them (one mapping of stored rows).
  const country = row.id.slice(0, 2) as ConnectedCountry;
  const stored = toContractCase(country, row, { exploitations, events, indicators, assistance });
  type R = CaseContentsRecord;
  return {
    registeringOrgType: row.registeringOrgType as R['registeringOrgType'],
    openedMonth: row.openedMonth,
    closedMonth: row.closedMonth,
    status: row.status as R['status'],
    sex: row.sex as R['sex'],
    ageBand: row.ageBand as R['ageBand'],
    minorAtExploitation: row.minorAtExploitation,
    citizenship: splitCodes(row.citizenship),
    migrationStatus: row.migrationStatus as R['migrationStatus'],
    recruiterRelationship: row.recruiterRelationship as R['recruiterRelationship'],
    recruitmentMethods: splitCodes(row.recruitmentMethods),
    accompaniedChildrenCount: row.accompaniedChildrenCount,
    languages: splitCodes(row.languages),
    identification: {
      status: row.identificationStatus as R['identification']['status'],
      decidedByOrgType: row.decidedByOrgType as R['identification']['decidedByOrgType'],
      decidedMonth: row.decidedMonth,
      reflectionPeriodEndsMonth: row.reflectionPeriodEndsMonth,
    },
    exploitations: stored.exploitations.map(({ eurostatGroup: _group, ...e }) => e),
    events: stored.events,
    indicators: stored.indicators,
    assistance: stored.assistance,
    perpetratorSummary: stored.perpetratorSummary,
    legalBasisNational: row.legalBasisNational,
    safetyRiskLevel: row.safetyRiskLevel as R['safetyRiskLevel'],
    originReferralId: row.originReferralId,
    responsibleOrgId: row.responsibleOrgId,
  };
}

/** Top-level fields of a case record that differ (by value) between two versions: names only. */
export function changedFieldNames(
  before: Partial<CaseContentsRecord>,
  after: Partial<CaseContentsRecord>,
): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('identity');
  keys.delete('sourceReference');
  keys.delete('deleted');
  const value = (record: Partial<CaseContentsRecord>, key: string) =>
    JSON.stringify((record as Record<string, unknown>)[key] ?? null);
  return [...keys].filter((key) => value(before, key) !== value(after, key)).sort();
}
