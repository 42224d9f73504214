import { Field, Int, ObjectType } from 'type-graphql';
import {
  CitizenshipGroup,
  CountryCode,
  EurostatAgeGroup,
  EurostatExploitationGroup,
  ExploitationForm,
  IsicSection,
  Measure,
  OrganisationType,
  Sex,
  StatSource,
  SuppressionReason,
} from '../codes';

@ObjectType({
  description:
    'One cell of a statistics table. Dimensions that were not grouped by are null. Counts are perturbed by the cell-key method (at most ±maxDeviation, never a value from 1 to threshold-1); totals need not equal the sum of their parts.',
})
export class StatisticRow {
  @Field(() => Measure)
  measure!: Measure;

  @Field(() => Int)
  year!: number;

  @Field(() => CountryCode)
  country!: CountryCode;

  @Field(() => Sex, { nullable: true })
  sex!: Sex | null;

  @Field(() => EurostatAgeGroup, { nullable: true })
  ageGroup!: EurostatAgeGroup | null;

  @Field(() => CitizenshipGroup, { nullable: true })
  citizenshipGroup!: CitizenshipGroup | null;

  @Field(() => EurostatExploitationGroup, { nullable: true })
  exploitationGroup!: EurostatExploitationGroup | null;

  @Field(() => ExploitationForm, { nullable: true })
  exploitationForm!: ExploitationForm | null;

  @Field(() => IsicSection, { nullable: true })
  industry!: IsicSection | null;

  @Field(() => OrganisationType, { nullable: true })
  registeringOrgType!: OrganisationType | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The published (perturbed) count; null only when not reported.',
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

  @Field(() => Boolean, { description: 'True when no value is given (see suppression for why).' })
  suppressed!: boolean;

  @Field(() => SuppressionReason, { nullable: true })
  suppression!: SuppressionReason | null;

  @Field(() => Int, {
    description: 'The small-cell threshold: no published value lies from 1 to threshold-1.',
  })
  threshold!: number;

  @Field(() => StatSource)
  source!: StatSource;

  @Field(() => Boolean, { description: 'True while the year is not closed (the current year).' })
  provisional!: boolean;
}
