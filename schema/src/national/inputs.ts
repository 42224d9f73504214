import { ArgsType, Field, InputType, Int } from 'type-graphql';
import {
  CaseStatus,
  CountryCode,
  ExploitationForm,
  IdentificationStatus,
  Measure,
  ReferralDirection,
  ReferralStatus,
  StatisticDimension,
} from '../codes';
import { YearMonthScalar } from '../scalars/yearMonth';

/** Largest page a country returns for one `cases` call. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@InputType({ description: 'Filters on cases. All given filters must hold (AND).' })
export class CaseFilter {
  @Field(() => [CaseStatus], { nullable: true })
  status?: CaseStatus[];

  @Field(() => [IdentificationStatus], { nullable: true })
  identificationStatus?: IdentificationStatus[];

  @Field(() => ExploitationForm, {
    nullable: true,
    description: 'Cases with at least one exploitation of this form.',
  })
  exploitationForm?: ExploitationForm;

  @Field(() => YearMonthScalar, { nullable: true, description: 'Opened in or after this month.' })
  openedFrom?: string;

  @Field(() => YearMonthScalar, { nullable: true, description: 'Opened in or before this month.' })
  openedTo?: string;

  @Field(() => Boolean, { nullable: true, description: 'Victim was a minor at exploitation.' })
  minor?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Case was opened from a referral received from another country.',
  })
  incomingReferral?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Case has at least one cross-border link.' })
  crossBorder?: boolean;

  @Field(() => YearMonthScalar, { nullable: true, description: 'Reflection period ends before this month.' })
  reflectionPeriodEndsBefore?: string;
}

@ArgsType()
export class CasesArgs {
  @Field(() => [CountryCode], {
    nullable: true,
    description: 'Countries to ask; every connected country when omitted.',
  })
  countries?: CountryCode[];

  @Field(() => CaseFilter, { nullable: true })
  filter?: CaseFilter;

  @Field(() => Int, {
    nullable: true,
    description: `Page size per country, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  })
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: "A country's endCursor; pass it with countries: [that country].",
  })
  after?: string;
}

@ArgsType()
export class StatisticsArgs {
  @Field(() => Int, { description: 'First (or only) year.' })
  year!: number;

  @Field(() => Int, { nullable: true, description: 'Last year of a range (inclusive); at most 20 years.' })
  yearTo?: number;

  @Field(() => Measure, { nullable: true, description: 'Defaults to REGISTERED_VICTIMS.' })
  measure?: Measure;

  @Field(() => [StatisticDimension], {
    nullable: true,
    description: 'Breakdown; at most 3 dimensions besides COUNTRY and YEAR.',
  })
  groupBy?: StatisticDimension[];
}

@ArgsType()
export class ReferralsArgs {
  @Field(() => ReferralDirection)
  direction!: ReferralDirection;

  @Field(() => [CountryCode], {
    nullable: true,
    description:
      'Countries whose referral records are read (the senders); every connected country when omitted.',
  })
  countries?: CountryCode[];

  @Field(() => CountryCode, {
    nullable: true,
    description:
      'The other side: for INCOMING the receiving country (required), for OUTGOING an optional destination filter.',
  })
  counterpart?: CountryCode;

  @Field(() => [ReferralStatus], { nullable: true })
  status?: ReferralStatus[];
}
