import { Authorized, Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import {
  AgeBand,
  AssistanceStatus,
  CaseStatus,
  CountryCode,
  DecisionOrgType,
  EurostatExploitationGroup,
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
  Sex,
  SexualExploitationType,
  SupportType,
  TraffickingEventType,
} from '../codes';
import { YearMonthScalar } from '../scalars/yearMonth';
import { CASE_DESCRIPTION, ORGANISATION_DESCRIPTION } from '../descriptions';
import { FieldScope } from './fieldScope';

@ObjectType({
  description:
    'Pseudonymised attributes of the victim. Names, identity numbers, exact dates of birth and contact details never leave the owning country.',
})
export class VictimProfile {
  @Field(() => Sex)
  sex!: Sex;

  @Field(() => AgeBand, { description: 'Age band at identification (CTDC ageBroad).' })
  ageBandAtIdentification!: AgeBand;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the victim was a minor when exploited (CTDC majorityStatusAtExploit); null when unknown.',
  })
  minorAtExploitation!: boolean | null;

  @Field(() => [CountryCode], { description: 'Citizenships (HTCDS prs_Citizenship); empty when unknown.' })
  citizenship!: CountryCode[];

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => MigrationStatus, { nullable: true })
  migrationStatus!: MigrationStatus | null;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => RecruiterRelationship, { nullable: true })
  recruiterRelationship!: RecruiterRelationship | null;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => [RecruitmentMethod])
  recruitmentMethods!: RecruitmentMethod[];

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => Int, {
    nullable: true,
    description:
      "Number of the victim's minor children accompanying them (counts only, as FI NAS reports them).",
  })
  accompaniedChildrenCount!: number | null;
}

@ObjectType({
  description:
    'The identification decision on a presumed victim (CETS 197 Art. 10; reflection period Art. 13).',
})
export class IdentificationDecision {
  @Field(() => IdentificationStatus)
  status!: IdentificationStatus;

  @Field(() => DecisionOrgType)
  decidedByOrgType!: DecisionOrgType;

  @Field(() => YearMonthScalar, { nullable: true })
  decidedMonth!: string | null;

  @Field(() => YearMonthScalar, {
    nullable: true,
    description: 'Month the recovery and reflection period ends (CETS 197 Art. 13).',
  })
  reflectionPeriodEndsMonth!: string | null;
}

@ObjectType({ description: 'One form of exploitation the victim suffered.' })
export class Exploitation {
  @Field(() => ExploitationForm)
  form!: ExploitationForm;

  @Field(() => EurostatExploitationGroup, { description: "Eurostat's grouping, derived from the form." })
  eurostatGroup!: EurostatExploitationGroup;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => SexualExploitationType, { nullable: true })
  sexualType!: SexualExploitationType | null;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => IsicSection, { nullable: true, description: 'Industry, for labour exploitation.' })
  industry!: IsicSection | null;

  @Field(() => CountryCode, { description: 'Country of exploitation (CTDC CountryOfExploitation).' })
  country!: CountryCode;

  @Field(() => YearMonthScalar, { nullable: true })
  fromMonth!: string | null;

  @Field(() => YearMonthScalar, { nullable: true })
  toMonth!: string | null;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => [MeansOfControl])
  meansOfControl!: MeansOfControl[];

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => Boolean, {
    nullable: true,
    description: 'Facilitated through ICT (Directive 2024/1712 aggravating circumstance).',
  })
  onlineFacilitated!: boolean | null;
}

@ObjectType({
  description:
    'A stage of the trafficking chain: where the victim was recruited, moved through or exploited (HTCDS hte_).',
})
export class TraffickingEvent {
  @Field(() => TraffickingEventType)
  type!: TraffickingEventType;

  @Field(() => CountryCode)
  country!: CountryCode;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => String, { nullable: true, description: 'NUTS-2 region code, never an address.' })
  nuts2!: string | null;

  @Field(() => YearMonthScalar, { nullable: true })
  month!: string | null;
}

@ObjectType({ description: 'An indicator observed in the case and who observed it.' })
export class IndicatorObservation {
  @Field(() => Indicator)
  indicator!: Indicator;

  @Field(() => OrganisationType)
  observedByOrgType!: OrganisationType;

  @Field(() => YearMonthScalar)
  month!: string;
}

@ObjectType({ description: 'An episode of assistance given to the victim.' })
export class AssistanceEpisode {
  @Field(() => SupportType)
  type!: SupportType;

  @Field(() => OrganisationType)
  providerOrgType!: OrganisationType;

  @Field(() => AssistanceStatus)
  status!: AssistanceStatus;

  @Field(() => YearMonthScalar)
  startMonth!: string;

  @Field(() => YearMonthScalar, { nullable: true })
  endMonth!: string | null;
}

@ObjectType({
  description:
    'Aggregate facts about perpetrators. Identities stay in police systems (Law Enforcement Directive).',
})
export class PerpetratorSummary {
  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => [PerpetratorRole])
  roles!: PerpetratorRole[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'A legal person was involved (Directive 2024/1712 legal-person liability).',
  })
  legalPersonInvolved!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  criminalInvestigationOpened!: boolean | null;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Organisation', { description: ORGANISATION_DESCRIPTION })
export class OrganisationRef {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Case', { description: CASE_DESCRIPTION })
export class Case {
  @Field(() => ID, {
    description: 'Global id naming the owner, e.g. "FI:Case:2025-000042"; never a national case number.',
  })
  id!: string;

  @Field(() => CountryCode, { description: 'The registering (owning) country.' })
  country!: CountryCode;

  @Field(() => OrganisationType, { description: 'Eurostat "registering organisation".' })
  registeringOrgType!: OrganisationType;

  @Field(() => YearMonthScalar)
  openedMonth!: string;

  @Field(() => YearMonthScalar, { nullable: true })
  closedMonth!: string | null;

  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Field(() => VictimProfile)
  subject!: VictimProfile;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => IdentificationDecision)
  identification!: IdentificationDecision;

  @Field(() => [Exploitation])
  exploitations!: Exploitation[];

  @Field(() => [TraffickingEvent])
  events!: TraffickingEvent[];

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => [IndicatorObservation])
  indicators!: IndicatorObservation[];

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => [AssistanceEpisode])
  assistance!: AssistanceEpisode[];

  @Authorized(FieldScope.OWN_POLICE)
  @Field(() => PerpetratorSummary, {
    nullable: true,
    description:
      "Aggregate facts about perpetrators (no identities): police information, for the owning country's police liaisons only.",
  })
  perpetratorSummary!: PerpetratorSummary | null;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => String, { nullable: true, description: 'National statute, e.g. "RL 25:3 (FI)".' })
  legalBasisNational!: string | null;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => OrganisationRef, {
    nullable: true,
    description:
      'The organisation responsible for the case, whose assistance caseworkers see it; null until a coordinator assigns one (assignCase).',
  })
  responsibleOrganisation!: OrganisationRef | null;

  @Field(() => Boolean, { description: 'True for generated demo data. Real records are false.' })
  synthetic!: boolean;

  @Authorized(FieldScope.DOMESTIC)
  @Field(() => Int, {
    description:
      "The case's version: 1 when registered, one more with every write. Give it as expectedVersion to updateCase, recordCaseEvent, closeCase and reopenCase.",
  })
  version!: number;
}

@ObjectType({
  description: 'Relay-style page information; cursors are opaque and bound to the country that issued them.',
})
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({
  description:
    "One country's page of cases: each country pages its own cases, so no cross-border merge sort is needed.",
})
export class CountryCasePage {
  @Field(() => CountryCode)
  country!: CountryCode;

  /** Resolved on demand (see CountryCasePageResolver): counting is the expensive part of a page. */
  totalCount!: number;

  @Field(() => [Case])
  nodes!: Case[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
