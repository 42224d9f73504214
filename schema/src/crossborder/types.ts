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

  /**
   * Owned by `national`; required by every cross-border field of a case so that the query planner
   * always reaches those fields through an entity fetch (which the gateway routes to the case's
   * owner), never inside another country's crossborder fetch — e.g. `destinationCase { originReferral }`
   * asks Sweden for the Swedish case's origin, not Finland.
   */
  @Directive('@external')
  @Field(() => CountryCode)
  country?: CountryCode;
}

@Directive('@key(fields: "id")')
@ObjectType('Referral', { description: REFERRAL_DESCRIPTION })
export class CrossBorderReferral {
  @Field(() => ID)
  id!: string;

  /** Owned by `national`; required by `destinationCase` for the same reason as `Case.country` here. */
  @Directive('@external')
  @Field(() => CountryCode)
  fromCountry?: CountryCode;
}

@Directive('@key(fields: "id")')
@ObjectType('CaseLink', {
  description:
    "A confirmed link between cases of two countries. caseA is the proposing country's case (the link id names that country), caseB the other country's.",
})
export class CaseLink {
  @Field(() => ID)
  id!: string;

  // Nullable on purpose: each end is fetched from the country that owns it, and one country being
  // unreachable must cost only that end, not the whole answer.
  @Field(() => CrossBorderCase, { nullable: true })
  caseA!: CrossBorderCase;

  @Field(() => CrossBorderCase, {
    nullable: true,
    description: "The other country's case (null when that country cannot be reached).",
  })
  caseB!: CrossBorderCase;

  @Field(() => LinkBasis)
  basis!: LinkBasis;

  @Field(() => [CountryCode], { description: 'Countries that have confirmed the link.' })
  confirmedBy!: CountryCode[];

  @Field(() => YearMonthScalar)
  createdMonth!: string;
}
