import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { CountryCode, LinkBasis } from '../codes';
import { YearMonthScalar } from '../scalars/yearMonth';
import { CASE_DESCRIPTION, REFERRAL_DESCRIPTION } from '../descriptions';

/**
 * The crossborder subgraph holds only edges that cross a border. A foreign end is returned as a key,
 * so the query planner fetches its fields from the country that owns it.
 */
@Directive('@key(fields: "id")')
@ObjectType('Case', { description: CASE_DESCRIPTION })
export class CrossBorderCase {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Referral', { description: REFERRAL_DESCRIPTION })
export class CrossBorderReferral {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType('CaseLink', {
  description:
    "A confirmed link between cases of two countries. caseA is the proposing country's case (the link id names that country), caseB the other country's.",
})
export class CaseLink {
  @Field(() => ID)
  id!: string;

  @Field(() => CrossBorderCase)
  caseA!: CrossBorderCase;

  @Field(() => CrossBorderCase)
  caseB!: CrossBorderCase;

  @Field(() => LinkBasis)
  basis!: LinkBasis;

  @Field(() => [CountryCode], { description: 'Countries that have confirmed the link.' })
  confirmedBy!: CountryCode[];

  @Field(() => YearMonthScalar)
  createdMonth!: string;
}
