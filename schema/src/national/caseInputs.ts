import { Field, ID, InputType, Int } from 'type-graphql';
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
} from '../codes';
import { YearMonthScalar } from '../scalars/yearMonth';

/*
 * Inputs of the domestic case writes (registerCase, updateCase, recordCaseEvent): the fields of the
 * national interchange record (docs/national-teams.md), with the contract's code lists. A national
 * service checks each record whole (months not in the future, closed after opened, the age band against
 * the birth month…) and answers BAD_USER_INPUT naming the field and the fix.
 */

@InputType({
  description: 'One form of exploitation (the first of a case is its main form, used by statistics).',
})
export class ExploitationInput {
  @Field(() => ExploitationForm)
  form!: ExploitationForm;

  @Field(() => SexualExploitationType, { nullable: true, description: 'Only for SEXUAL_EXPLOITATION.' })
  sexualType?: SexualExploitationType | null;

  @Field(() => IsicSection, { nullable: true })
  industry?: IsicSection | null;

  @Field(() => CountryCode, { description: 'Where the exploitation took place.' })
  country!: CountryCode;

  @Field(() => YearMonthScalar, { nullable: true })
  fromMonth?: string | null;

  @Field(() => YearMonthScalar, { nullable: true })
  toMonth?: string | null;

  @Field(() => [MeansOfControl], { defaultValue: [] })
  meansOfControl!: MeansOfControl[];

  @Field(() => Boolean, { nullable: true })
  onlineFacilitated?: boolean | null;
}

@InputType({ description: 'A step of the trafficking process: recruitment, transit, exploitation, …' })
export class TraffickingEventInput {
  @Field(() => TraffickingEventType)
  type!: TraffickingEventType;

  @Field(() => CountryCode)
  country!: CountryCode;

  @Field(() => String, { nullable: true, description: 'NUTS 2 region of the country, e.g. "FI1B".' })
  nuts2?: string | null;

  @Field(() => YearMonthScalar, { nullable: true })
  month?: string | null;
}

@InputType({ description: 'An indicator of trafficking observed.' })
export class IndicatorInput {
  @Field(() => Indicator)
  indicator!: Indicator;

  @Field(() => OrganisationType)
  observedByOrgType!: OrganisationType;

  @Field(() => YearMonthScalar)
  month!: string;
}

@InputType({ description: 'An episode of assistance.' })
export class AssistanceInput {
  @Field(() => SupportType)
  type!: SupportType;

  @Field(() => OrganisationType)
  providerOrgType!: OrganisationType;

  @Field(() => AssistanceStatus)
  status!: AssistanceStatus;

  @Field(() => YearMonthScalar)
  startMonth!: string;

  @Field(() => YearMonthScalar, { nullable: true, description: 'Only for an ENDED or DECLINED episode.' })
  endMonth?: string | null;
}

@InputType({ description: 'The identification decision (two-stage identification).' })
export class IdentificationInput {
  @Field(() => IdentificationStatus)
  status!: IdentificationStatus;

  @Field(() => DecisionOrgType)
  decidedByOrgType!: DecisionOrgType;

  @Field(() => YearMonthScalar, { nullable: true, description: 'None for a POTENTIAL victim.' })
  decidedMonth?: string | null;

  @Field(() => YearMonthScalar, { nullable: true })
  reflectionPeriodEndsMonth?: string | null;
}

@InputType({ description: 'Aggregate facts about perpetrators (no identities).' })
export class PerpetratorSummaryInput {
  @Field(() => Int, { nullable: true })
  count?: number | null;

  @Field(() => [PerpetratorRole], { defaultValue: [] })
  roles!: PerpetratorRole[];

  @Field(() => Boolean, { nullable: true })
  legalPersonInvolved?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  criminalInvestigationOpened?: boolean | null;
}

@InputType({
  description:
    "A case's contents, whole: registerCase writes them, updateCase replaces the stored ones (lists included). The same fields as the import format.",
})
export class CaseInput {
  @Field(() => OrganisationType, { description: 'Eurostat "registering organisation".' })
  registeringOrgType!: OrganisationType;

  @Field(() => YearMonthScalar)
  openedMonth!: string;

  @Field(() => YearMonthScalar, {
    nullable: true,
    description: 'Required for a CLOSED or CLOSED_REFERRED case.',
  })
  closedMonth?: string | null;

  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Field(() => Sex)
  sex!: Sex;

  @Field(() => AgeBand, { description: 'Age band at identification.' })
  ageBand!: AgeBand;

  @Field(() => Boolean, { nullable: true })
  minorAtExploitation?: boolean | null;

  @Field(() => [CountryCode], { defaultValue: [] })
  citizenship!: CountryCode[];

  @Field(() => MigrationStatus, { nullable: true })
  migrationStatus?: MigrationStatus | null;

  @Field(() => RecruiterRelationship, { nullable: true })
  recruiterRelationship?: RecruiterRelationship | null;

  @Field(() => [RecruitmentMethod], { defaultValue: [] })
  recruitmentMethods!: RecruitmentMethod[];

  @Field(() => Int, { nullable: true })
  accompaniedChildrenCount?: number | null;

  @Field(() => [String], {
    defaultValue: [],
    description: 'ISO 639-1 languages the person speaks, e.g. "ro".',
  })
  languages!: string[];

  @Field(() => IdentificationInput)
  identification!: IdentificationInput;

  @Field(() => [ExploitationInput], { description: 'At least one; the first is the main form.' })
  exploitations!: ExploitationInput[];

  @Field(() => [TraffickingEventInput], { defaultValue: [] })
  events!: TraffickingEventInput[];

  @Field(() => [IndicatorInput], { defaultValue: [] })
  indicators!: IndicatorInput[];

  @Field(() => [AssistanceInput], { defaultValue: [] })
  assistance!: AssistanceInput[];

  @Field(() => PerpetratorSummaryInput, { nullable: true })
  perpetratorSummary?: PerpetratorSummaryInput | null;

  @Field(() => String, { nullable: true, description: 'National statute, e.g. "RL 25:3 (FI)".' })
  legalBasisNational?: string | null;

  @Field(() => RiskLevel, { nullable: true, description: 'Safety risk (default UNKNOWN).' })
  safetyRiskLevel?: RiskLevel | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The responsible organisation of the case's country (its assistance caseworkers see the case). A caseworker's registration is always their own organisation's.",
  })
  responsibleOrgId?: string | null;
}

@InputType({
  description:
    "National-only identifying fields of the person: written to the national store's identity table for person matching, never answered by any field of the contract and never sent across a border.",
})
export class PersonIdentityInput {
  @Field(() => String)
  familyName!: string;

  @Field(() => String)
  givenNames!: string;

  @Field(() => YearMonthScalar, { nullable: true })
  birthYearMonth?: string | null;

  @Field(() => String, { nullable: true })
  nationalIdNumber?: string | null;

  @Field(() => String, { nullable: true })
  travelDocumentNumber?: string | null;
}

@InputType({
  description:
    'One thing that happened in a case: give exactly one of the fields. A trafficking event (recruitment, transit, exploitation, …), an exploitation form, an indicator or an assistance episode is added; an identification decision replaces the current one.',
})
export class CaseEventInput {
  @Field(() => TraffickingEventInput, { nullable: true })
  traffickingEvent?: TraffickingEventInput | null;

  @Field(() => ExploitationInput, { nullable: true })
  exploitation?: ExploitationInput | null;

  @Field(() => IndicatorInput, { nullable: true })
  indicator?: IndicatorInput | null;

  @Field(() => AssistanceInput, { nullable: true })
  assistance?: AssistanceInput | null;

  @Field(() => IdentificationInput, { nullable: true })
  identification?: IdentificationInput | null;
}
