import { joinCodes } from '../codeListColumns';
import type { CaseContents } from '../seed/syntheticCase';
import type { AssistanceRow, ExploitationRow, IndicatorRow, TraffickingEventRow } from './case.entity';

/** The child rows of one case (without their generated keys), in the order the case lists them. */
export interface CaseChildValues {
  exploitations: Omit<ExploitationRow, 'seq'>[];
  events: Omit<TraffickingEventRow, 'seq'>[];
  indicators: Omit<IndicatorRow, 'seq'>[];
  assistance: Omit<AssistanceRow, 'seq'>[];
}

/** The exploitation, event, indicator and assistance rows of a case: the one mapping every writer uses. */
export function caseChildRows(caseSeq: number, c: CaseContents): CaseChildValues {
  return {
    exploitations: c.exploitations.map((e, position) => ({
      caseSeq,
      position,
      form: e.form,
      sexualType: e.sexualType,
      industry: e.industry,
      country: e.country,
      fromMonth: e.fromMonth,
      toMonth: e.toMonth,
      meansOfControl: joinCodes(e.meansOfControl),
      onlineFacilitated: e.onlineFacilitated,
    })),
    events: c.events.map((e, position) => ({
      caseSeq,
      position,
      type: e.type,
      country: e.country,
      nuts2: e.nuts2,
      month: e.month,
    })),
    indicators: c.indicators.map((i, position) => ({
      caseSeq,
      position,
      indicator: i.indicator,
      observedByOrgType: i.observedByOrgType,
      month: i.month,
    })),
    assistance: c.assistance.map((a, position) => ({
      caseSeq,
      position,
      type: a.type,
      providerOrgType: a.providerOrgType,
      status: a.status,
      startMonth: a.startMonth,
      endMonth: a.endMonth,
    })),
  };
}
