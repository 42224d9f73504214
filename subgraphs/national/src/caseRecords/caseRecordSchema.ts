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
  isYearMonth,
} from '@nordic/schema';
import { z } from 'zod';

/*
 * One case record in the interchange shape (docs/national-teams.md): what a national team writes through
 * the API (registerCase, updateCase) or imports from its own system. It is the generator's case shape
 * (seed/syntheticCase.ts) without the local id, with the identity optional, plus the source system's
 * own reference and a deletion flag. Code lists are the contract's (HTCDS / Eurostat, DOMAIN §2).
 * Each field is checked alone here; checks across fields are in caseRecordProblems.ts.
 */

/** A value of one of the contract's code lists (caseRecordProblems names the list in its messages). */
function codeOf<const T extends Record<string, string>>(list: T) {
  return z.enum(list);
}

export const yearMonth = z
  .string()
  .refine(isYearMonth, { message: 'must be a year and month written "YYYY-MM", e.g. "2024-05"' });

const country = codeOf(CountryCode);
const nullableMonth = yearMonth.nullable().default(null);
const codes = <const T extends Record<string, string>>(list: T) => z.array(codeOf(list)).default([]);
const flag = z.boolean().nullable().default(null);

export const exploitationSchema = z.strictObject({
  form: codeOf(ExploitationForm),
  sexualType: codeOf(SexualExploitationType).nullable().default(null),
  industry: codeOf(IsicSection).nullable().default(null),
  country,
  fromMonth: nullableMonth,
  toMonth: nullableMonth,
  meansOfControl: codes(MeansOfControl),
  onlineFacilitated: flag,
});

export const traffickingEventSchema = z.strictObject({
  type: codeOf(TraffickingEventType),
  country,
  nuts2: z
    .string()
    .regex(/^[A-Z]{2}[0-9A-Z]{2}$/, {
      message: 'must be a NUTS 2 code: two letters and two characters, e.g. "FI1B"',
    })
    .nullable()
    .default(null),
  month: nullableMonth,
});

export const indicatorSchema = z.strictObject({
  indicator: codeOf(Indicator),
  observedByOrgType: codeOf(OrganisationType),
  month: yearMonth,
});

export const assistanceSchema = z.strictObject({
  type: codeOf(SupportType),
  providerOrgType: codeOf(OrganisationType),
  status: codeOf(AssistanceStatus),
  startMonth: yearMonth,
  endMonth: nullableMonth,
});

export const perpetratorSummarySchema = z.strictObject({
  count: z.number().int().min(1).max(10_000).nullable().default(null),
  roles: codes(PerpetratorRole),
  legalPersonInvolved: flag,
  criminalInvestigationOpened: flag,
});

const name = z.string().trim().min(1, { message: 'must not be empty' }).max(120);
const documentNumber = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(40)
  .nullable()
  .default(null);

/** National-only identity: written to the national store's identity table, never part of the contract. */
export const identitySchema = z.strictObject({
  familyName: name,
  givenNames: name,
  birthYearMonth: nullableMonth,
  nationalIdNumber: documentNumber,
  travelDocumentNumber: documentNumber,
});

export const identificationSchema = z.strictObject({
  status: codeOf(IdentificationStatus),
  decidedByOrgType: codeOf(DecisionOrgType),
  decidedMonth: nullableMonth,
  reflectionPeriodEndsMonth: nullableMonth,
});

/** The source system's own reference of a record (stored only as a keyed hash). */
export const sourceReferenceSchema = z.string().trim().min(1, { message: 'must not be empty' }).max(200);

/** A case's contents: everything a registered or imported case is written from. */
export const caseContentsSchema = z.strictObject({
  sourceReference: sourceReferenceSchema.optional(),
  deleted: z.literal(false).optional(),
  registeringOrgType: codeOf(OrganisationType),
  openedMonth: yearMonth,
  closedMonth: nullableMonth,
  status: codeOf(CaseStatus),
  sex: codeOf(Sex),
  ageBand: codeOf(AgeBand),
  minorAtExploitation: flag,
  citizenship: z.array(country).max(4).default([]),
  migrationStatus: codeOf(MigrationStatus).nullable().default(null),
  recruiterRelationship: codeOf(RecruiterRelationship).nullable().default(null),
  recruitmentMethods: codes(RecruitmentMethod),
  accompaniedChildrenCount: z.number().int().min(0).max(20).nullable().default(null),
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/, { message: 'must be an ISO 639-1 language code, e.g. "fi"' }))
    .max(8)
    .default([]),
  identification: identificationSchema,
  exploitations: z
    .array(exploitationSchema)
    .min(1, { message: 'needs at least one exploitation (the first is the main form)' })
    .max(8),
  events: z.array(traffickingEventSchema).max(40).default([]),
  indicators: z.array(indicatorSchema).max(60).default([]),
  assistance: z.array(assistanceSchema).max(40).default([]),
  perpetratorSummary: perpetratorSummarySchema.nullable().default(null),
  legalBasisNational: z.string().trim().min(1).max(64).nullable().default(null),
  safetyRiskLevel: codeOf(RiskLevel).default('UNKNOWN'),
  /** Absent: left as it is on an update (none on a new case); null: removed. */
  identity: identitySchema.nullable().optional(),
  /** Global id of the foreign referral the case was opened from; absent on an update: left as it is. */
  originReferralId: z.string().max(48).nullable().optional(),
  /** Global id of the responsible organisation (of this country); absent on an update: left as it is. */
  responsibleOrgId: z.string().max(80).nullable().optional(),
});

/** A record the source system deleted: only its reference is needed (other fields are ignored). */
export const caseDeletionSchema = z.object({
  sourceReference: sourceReferenceSchema,
  deleted: z.literal(true),
});

/** One case record of the interchange format: a case's contents, or the deletion of an imported one. */
export const caseRecordSchema = z.union([caseDeletionSchema, caseContentsSchema]);

export type CaseContentsRecord = z.output<typeof caseContentsSchema>;
export type CaseDeletionRecord = z.output<typeof caseDeletionSchema>;
/** Narrow with `record.deleted === true`. */
export type CaseRecord = z.output<typeof caseRecordSchema>;
/** A record as written by a client, before defaults (what the JSON Schema in the docs describes). */
export type CaseRecordInput = z.input<typeof caseRecordSchema>;
