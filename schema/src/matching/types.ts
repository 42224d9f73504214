import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { CountryCode, TokenScheme } from '../codes';
import { ContactPointRef } from '../national/referral.types';

@InputType({
  description:
    'A keyed-hash match token, computed by the owning country from its own record; never typed in by a person.',
})
export class MatchTokenInput {
  @Field(() => TokenScheme)
  scheme!: TokenScheme;

  @Field(() => Int, { description: "Version of the network's linkage key the token was computed with." })
  keyVersion!: number;

  @Field(() => String, { description: 'HMAC-SHA-256, 64 lower-case hex digits.' })
  value!: string;
}

@ObjectType({
  description:
    "One country's existence-only answer to a token lookup: whether it holds a record of the person, and the contact point to follow up through. Never a case id, an attribute or a token.",
})
export class MatchAnswer {
  @Field(() => CountryCode)
  country!: CountryCode;

  @Field(() => Boolean)
  hasRecord!: boolean;

  @Field(() => ContactPointRef, {
    nullable: true,
    description:
      'Where to follow up (through the secure channel the directory names); null without a record.',
  })
  contactPoint!: ContactPointRef | null;
}

@ObjectType({
  description:
    "The answer of one other country to a person match: existence only, and the contact point to follow up through. Never that country's case id, attributes or tokens.",
})
export class MatchResult {
  @Field(() => CountryCode)
  country!: CountryCode;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the country holds at least one record of the person; null when it could not answer (the error at this path names the reason, e.g. COUNTRY_UNAVAILABLE or LINKAGE_KEY_MISMATCH).',
  })
  hasRecord!: boolean | null;

  @Field(() => ContactPointRef, { nullable: true, description: 'Null without a record.' })
  contactPoint!: ContactPointRef | null;
}
