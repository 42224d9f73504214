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
    'One cell of a statistics table. Dimensions that were not grouped by are null. A count below the threshold is never returned as a number.',
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

  @Field(() => Int, { nullable: true, description: 'The count; null when suppressed or not reported.' })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => SuppressionReason, { nullable: true })
  suppression!: SuppressionReason | null;

  @Field(() => Int, {
    description: 'The small-cell threshold that was applied: counts from 1 to threshold-1 are suppressed.',
  })
  threshold!: number;

  @Field(() => StatSource)
  source!: StatSource;

  @Field(() => Boolean, { description: 'True while the year is not closed (the current year).' })
  provisional!: boolean;
}
