import {
  AgeBand,
  AssistanceStatus,
  CaseStatus,
  CountryCode,
  DecisionOrgType,
  ExploitationForm,
  IdentificationStatus,
  Indicator,
  IsicSection,
  MeansOfControl,
  MigrationStatus,
  OrganisationType,
  PerpetratorRole,
  RecruiterRelationship,
  RecruitmentMethod,
  RiskLevel,
  Sex,
  SexualExploitationType,
  SupportType,
  TraffickingEventType,
  type ConnectedCountry,
  isOrganisationOf,
  tryParseGlobalId,
} from '@nordic/schema';
import { z } from 'zod';
import type { SyntheticCase } from '../seed/syntheticCase';

/**
 * One case of the interchange format (docs/national-teams.md "Importing your cases"): the national
 * store's case without its local id, plus the source system's own reference and a deletion mark.
 */
export type CaseRecord = Omit<SyntheticCase, 'local'> & { sourceReference?: string; deleted?: boolean };

/** One reason a record cannot be written: the field (a path like `exploitations[0].form`), a stable code, and the fix. */
export interface CaseRecordProblem {
  field: string;
  code: string;
  message: string;
  fix: string;
}

const codes = <T extends Record<string, string>>(list: T) =>
  z.enum(Object.values(list) as [T[keyof T], ...T[keyof T][]]);

const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = z.string().regex(YEAR_MONTH, { message: 'YEAR_MONTH' });
const optionalMonth = month.nullable().default(null);
const country = codes(CountryCode);
const text = (max: number) => z.string().min(1).max(max);

/** The interchange format's schema (the JSON Schema in docs/case-record.schema.json is generated from it). */
export const caseRecordSchema = z
  .object({
    sourceReference: text(200).optional(),
    deleted: z.boolean().optional(),
    registeringOrgType: codes(OrganisationType),
    openedMonth: month,
    closedMonth: optionalMonth,
    status: codes(CaseStatus),
    sex: codes(Sex),
    ageBand: codes(AgeBand),
    minorAtExploitation: z.boolean().nullable().default(null),
    citizenship: z.array(country).max(4).default([]),
    migrationStatus: codes(MigrationStatus).nullable().default(null),
    recruiterRelationship: codes(RecruiterRelationship).nullable().default(null),
    recruitmentMethods: z.array(codes(RecruitmentMethod)).max(20).default([]),
    accompaniedChildrenCount: z.number().int().min(0).max(50).nullable().default(null),
    languages: z
      .array(z.string().regex(/^[a-z]{2}$/, { message: 'LANGUAGE' }))
      .max(8)
      .default([]),
    identification: z.object({
      status: codes(IdentificationStatus),
      decidedByOrgType: codes(DecisionOrgType),
      decidedMonth: optionalMonth,
      reflectionPeriodEndsMonth: optionalMonth,
    }),
    exploitations: z
      .array(
        z.object({
          form: codes(ExploitationForm),
          sexualType: codes(SexualExploitationType).nullable().default(null),
          industry: codes(IsicSection).nullable().default(null),
          country,
          fromMonth: optionalMonth,
          toMonth: optionalMonth,
          meansOfControl: z.array(codes(MeansOfControl)).max(20).default([]),
          onlineFacilitated: z.boolean().nullable().default(null),
        }),
      )
      .min(1)
      .max(10),
    events: z
      .array(
        z.object({
          type: codes(TraffickingEventType),
          country,
          nuts2: z
            .string()
            .regex(/^[A-Z]{2}[0-9A-Z]{2}$/, { message: 'NUTS2' })
            .nullable()
            .default(null),
          month: optionalMonth,
        }),
      )
      .max(20)
      .default([]),
    indicators: z
      .array(z.object({ indicator: codes(Indicator), observedByOrgType: codes(OrganisationType), month }))
      .max(40)
      .default([]),
    assistance: z
      .array(
        z.object({
          type: codes(SupportType),
          providerOrgType: codes(OrganisationType),
          status: codes(AssistanceStatus),
          startMonth: month,
          endMonth: optionalMonth,
        }),
      )
      .max(40)
      .default([]),
    perpetratorSummary: z
      .object({
        count: z.number().int().min(0).max(1000).nullable().default(null),
        roles: z.array(codes(PerpetratorRole)).max(20).default([]),
        legalPersonInvolved: z.boolean().nullable().default(null),
        criminalInvestigationOpened: z.boolean().nullable().default(null),
      })
      .nullable()
      .default(null),
    legalBasisNational: text(64).nullable().default(null),
    safetyRiskLevel: codes(RiskLevel).default('UNKNOWN'),
    identity: z.object({
      familyName: text(120),
      givenNames: text(120),
      birthYearMonth: optionalMonth,
      nationalIdNumber: text(40).nullable().default(null),
      travelDocumentNumber: text(40).nullable().default(null),
    }),
    originReferralId: z
      .string()
      .refine((id) => tryParseGlobalId(id)?.type === 'Referral', { message: 'REFERRAL_ID' })
      .nullable()
      .default(null),
    responsibleOrgId: z.string().nullable().default(null),
  })
  .strict();

const pathOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
    '',
  );

function problemOf(issue: z.core.$ZodIssue): CaseRecordProblem {
  const field = pathOf(issue.path) || '(record)';
  switch (issue.code) {
    case 'invalid_value':
      return {
        field,
        code: 'UNKNOWN_CODE',
        message: `${field} is not a code of its list`,
        fix: `use one of ${issue.values.map(String).join(', ')}`,
      };
    case 'unrecognized_keys':
      return {
        field: issue.keys.join(', '),
        code: 'UNKNOWN_FIELD',
        message: `${issue.keys.join(', ')} is not a field of the interchange format`,
        fix: 'remove it, or correct its name (see the JSON Schema in docs/case-record.schema.json)',
      };
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? { field, code: 'REQUIRED', message: `${field} is required`, fix: `give ${field} a value` }
        : {
            field,
            code: 'INVALID_TYPE',
            message: `${field} must be ${issue.expected === 'number' ? 'a whole number' : `a ${issue.expected}`}`,
            fix: `write ${field} as ${issue.expected === 'boolean' ? 'true or false' : `a ${issue.expected}`}`,
          };
    case 'invalid_format':
      if (issue.message === 'YEAR_MONTH')
        return {
          field,
          code: 'INVALID_MONTH',
          message: `${field} must be a year and month`,
          fix: 'write it as YYYY-MM, e.g. 2024-03',
        };
      if (issue.message === 'LANGUAGE')
        return {
          field,
          code: 'INVALID_FORMAT',
          message: `${field} must be an ISO 639-1 code`,
          fix: 'e.g. fi, en, ru',
        };
      return { field, code: 'INVALID_FORMAT', message: `${field} is malformed`, fix: 'e.g. FI1B for NUTS 2' };
    case 'too_big':
    case 'too_small':
      return {
        field,
        code: 'OUT_OF_RANGE',
        message: `${field} must be ${issue.code === 'too_big' ? 'at most' : 'at least'} ${String(issue.code === 'too_big' ? issue.maximum : issue.minimum)}${issue.origin === 'array' ? ' entries' : issue.origin === 'string' ? ' characters' : ''}`,
        fix: `correct ${field}`,
      };
    default:
      return {
        field,
        code: issue.message === 'REFERRAL_ID' ? 'INVALID_ID' : 'INVALID_VALUE',
        message:
          issue.message === 'REFERRAL_ID'
            ? `${field} must be a referral's global id`
            : `${field}: ${issue.message}`,
        fix:
          issue.message === 'REFERRAL_ID'
            ? 'e.g. SE:Referral:2024-000012, or leave it empty'
            : `correct ${field}`,
      };
  }
}

const MINOR_BANDS = new Set(['A0_8', 'A9_17']);

/** Checks across fields that the schema cannot express. */
function consistencyProblems(r: CaseRecord, country: ConnectedCountry, today: string): CaseRecordProblem[] {
  const problems: CaseRecordProblem[] = [];
  const future = (field: string, value: string | null) => {
    if (value !== null && value > today)
      problems.push({
        field,
        code: 'FUTURE_MONTH',
        message: `${field} (${value}) is in the future`,
        fix: `give a month up to ${today}`,
      });
  };
  future('openedMonth', r.openedMonth);
  future('closedMonth', r.closedMonth);
  future('identification.decidedMonth', r.identification.decidedMonth);
  future('identity.birthYearMonth', r.identity.birthYearMonth);
  r.exploitations.forEach((e, i) => {
    future(`exploitations[${i}].fromMonth`, e.fromMonth);
    future(`exploitations[${i}].toMonth`, e.toMonth);
  });
  r.events.forEach((e, i) => future(`events[${i}].month`, e.month));
  r.indicators.forEach((e, i) => future(`indicators[${i}].month`, e.month));
  r.assistance.forEach((a, i) => {
    future(`assistance[${i}].startMonth`, a.startMonth);
    future(`assistance[${i}].endMonth`, a.endMonth);
  });
  if (r.closedMonth !== null && r.closedMonth < r.openedMonth)
    problems.push({
      field: 'closedMonth',
      code: 'INCONSISTENT',
      message: `closedMonth (${r.closedMonth}) is before openedMonth (${r.openedMonth})`,
      fix: 'correct one of the two months',
    });
  const closed = r.status === 'CLOSED' || r.status === 'CLOSED_REFERRED';
  if (closed !== (r.closedMonth !== null))
    problems.push({
      field: 'closedMonth',
      code: 'INCONSISTENT',
      message: `a ${r.status} case ${r.closedMonth === null ? 'needs' : 'cannot have'} a closedMonth`,
      fix: closed ? 'give the month the case was closed' : 'leave closedMonth empty, or set status CLOSED',
    });
  if (r.minorAtExploitation === false && MINOR_BANDS.has(r.ageBand))
    problems.push({
      field: 'minorAtExploitation',
      code: 'INCONSISTENT',
      message: `a person in age band ${r.ageBand} at identification was a minor at exploitation`,
      fix: 'set minorAtExploitation true (or empty), or correct ageBand',
    });
  if (r.identity.birthYearMonth !== null && r.ageBand !== 'UNKNOWN') {
    const age = Math.floor(
      (Number(r.openedMonth.slice(0, 4)) * 12 +
        Number(r.openedMonth.slice(5)) -
        (Number(r.identity.birthYearMonth.slice(0, 4)) * 12 + Number(r.identity.birthYearMonth.slice(5)))) /
        12,
    );
    const [low, high] = ageBandLimits(r.ageBand);
    if (age < low - 1 || age > high + 1)
      problems.push({
        field: 'ageBand',
        code: 'INCONSISTENT',
        message: `age band ${r.ageBand} does not fit a person born ${r.identity.birthYearMonth} identified ${r.openedMonth} (about ${age})`,
        fix: 'correct ageBand or identity.birthYearMonth',
      });
  }
  if (r.responsibleOrgId !== null && !isOrganisationOf(r.responsibleOrgId, country))
    problems.push({
      field: 'responsibleOrgId',
      code: 'INVALID_ID',
      message: `responsibleOrgId must be an organisation of ${country}`,
      fix: `e.g. ${country}:Organisation:…, or leave it empty`,
    });
  return problems;
}

function ageBandLimits(band: string): [number, number] {
  const match = /^A(\d+)_(\d+|PLUS)$/.exec(band);
  if (!match) return [0, 200];
  return [Number(match[1]), match[2] === 'PLUS' ? 200 : Number(match[2])];
}

/** Validates one raw record (parsed JSON, or a CSV row mapped to the same shape). */
export function caseRecordProblems(
  raw: unknown,
  options: { country: ConnectedCountry; today: string },
): { record: CaseRecord } | { problems: CaseRecordProblem[] } {
  const parsed = caseRecordSchema.safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.map(problemOf) };
  const record = parsed.data as CaseRecord;
  if (record.deleted) return { record };
  const problems = consistencyProblems(record, options.country, options.today);
  return problems.length > 0 ? { problems } : { record };
}
