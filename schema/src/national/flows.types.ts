import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { CountryCode, SuppressionReason } from '../codes';

@ArgsType()
export class FlowArgs {
  @Field(() => Int, { description: 'First (or only) year.' })
  year!: number;

  @Field(() => Int, { nullable: true, description: 'Last year of a range (inclusive); at most 20 years.' })
  yearTo?: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'One row per year of the range (default false: the range summed in one row per pair).',
  })
  byYear?: boolean;
}

@ObjectType({
  description:
    'Registered victims of one registering country whose case records a recruitment in `from` and an exploitation in `to`, over a period. A count below the threshold is never returned as a number.',
})
export class RouteFlow {
  @Field(() => CountryCode, { description: 'The registering country (the one that answered).' })
  country!: CountryCode;

  @Field(() => Int, { description: 'First year of the period counted.' })
  yearFrom!: number;

  @Field(() => Int, { description: 'Last year of the period counted (equal to yearFrom with byYear).' })
  yearTo!: number;

  @Field(() => CountryCode, { description: 'Country of recruitment.' })
  from!: CountryCode;

  @Field(() => CountryCode, { description: 'Country of exploitation.' })
  to!: CountryCode;

  @Field(() => Int, { nullable: true, description: 'Victims on this route; null when suppressed.' })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => SuppressionReason, { nullable: true })
  suppression!: SuppressionReason | null;

  @Field(() => Int, { description: 'The small-cell threshold that was applied.' })
  threshold!: number;
}

@ObjectType({ description: 'A count that is null when suppressed, with the reason.' })
export class SuppressedCount {
  @Field(() => Int, { nullable: true })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => SuppressionReason, { nullable: true })
  suppression!: SuppressionReason | null;
}

@ObjectType({
  description:
    'Referral metrics of one country pair over a period, from the records of the sending country (DOMAIN use case 14).',
})
export class ReferralMetrics {
  @Field(() => CountryCode, { description: 'The sending country (the one that answered).' })
  fromCountry!: CountryCode;

  @Field(() => CountryCode)
  toCountry!: CountryCode;

  @Field(() => Int)
  yearFrom!: number;

  @Field(() => Int)
  yearTo!: number;

  @Field(() => SuppressedCount, { description: 'Referrals sent in the period (drafts not counted).' })
  sent!: SuppressedCount;

  @Field(() => SuppressedCount, { description: 'Of those, accepted (ACCEPTED or COMPLETED).' })
  accepted!: SuppressedCount;

  @Field(() => SuppressedCount, { description: 'Of those, declined.' })
  declined!: SuppressedCount;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median days from sending to the answer (accepted or declined), one decimal; null when fewer answers than the threshold, or none.',
  })
  medianDaysToResponse!: number | null;

  @Field(() => Boolean, { description: 'True when the median is withheld because too few answers back it.' })
  medianSuppressed!: boolean;

  @Field(() => Int, { description: 'The small-cell threshold that was applied.' })
  threshold!: number;
}
