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
    'Registered victims of one registering country whose case records a recruitment in `from` and an exploitation in `to`, over a period. Perturbed by the cell-key method like every statistic (at most ±maxDeviation, never a value from 1 to threshold-1).',
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

  @Field(() => Int, {
    nullable: true,
    description: 'Victims on this route (perturbed); null when suppressed.',
  })
  value!: number | null;

  @Field(() => Boolean, {
    description:
      'True when the value is perturbed by the cell-key method: the true count plus a deviation of at most maxDeviation, the same for the same cell in every query (docs/disclosure-control.md). Totals need not equal the sum of their parts.',
  })
  perturbed!: boolean;

  @Field(() => Int, {
    description:
      'The largest deviation of a perturbed value from the true count (0 when not perturbed). No perturbed value lies from 1 to threshold-1: such counts are published as 0 or at least the threshold.',
  })
  maxDeviation!: number;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => SuppressionReason, { nullable: true })
  suppression!: SuppressionReason | null;

  @Field(() => Int, {
    description: 'The small-cell threshold: no published value lies from 1 to threshold-1.',
  })
  threshold!: number;
}

@ObjectType({
  description:
    'A published count: perturbed by the cell-key method, or null when suppressed, with the reason.',
})
export class SuppressedCount {
  @Field(() => Int, { nullable: true })
  value!: number | null;

  @Field(() => Boolean, {
    description:
      'True when the value is perturbed by the cell-key method: the true count plus a deviation of at most maxDeviation, the same for the same cell in every query (docs/disclosure-control.md). Totals need not equal the sum of their parts.',
  })
  perturbed!: boolean;

  @Field(() => Int, {
    description:
      'The largest deviation of a perturbed value from the true count (0 when not perturbed). No perturbed value lies from 1 to threshold-1: such counts are published as 0 or at least the threshold.',
  })
  maxDeviation!: number;

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
      'Median days from sending to the answer (accepted or declined), one decimal; null when fewer answers than the threshold, or none. Not perturbed: a median of at least threshold answers.',
  })
  medianDaysToResponse!: number | null;

  @Field(() => Boolean, { description: 'True when the median is withheld because too few answers back it.' })
  medianSuppressed!: boolean;

  @Field(() => Int, { description: 'The small-cell threshold that was applied.' })
  threshold!: number;
}
