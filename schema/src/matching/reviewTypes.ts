import { Field, ID, ObjectType } from 'type-graphql';
import { CountryCode } from '../codes';
import { DateTimeScalar } from '../scalars/dateTime';

@ObjectType({
  description:
    "A person match involving a minor (DOMAIN §4.4): kept by each country that took part — the one that asked, and each that answered with a record of a minor — for a second person's review (four eyes) and as notice to that country's contact point. Domestic: never served across a border.",
})
export class MatchReview {
  @Field(() => ID, { description: 'e.g. "FI:MatchReview:12".' })
  id!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => CountryCode, {
    description:
      'The country whose user asked: this country for its own request, else the country it answered.',
  })
  requestingCountry!: CountryCode;

  @Field(() => [CountryCode], {
    description:
      'The other countries involved: those that reported a record (a request made here), or the asking country (an answer).',
  })
  countries!: CountryCode[];

  @Field(() => [ID], { description: "This country's cases of the person." })
  caseIds!: string[];

  @Field(() => ID, {
    nullable: true,
    description:
      'The match request it comes from: this country\'s own (e.g. "FI:MatchRequest:12"), or the asking country\'s (named in its signed lookup). Each match has its own review.',
  })
  matchRequestId!: string | null;

  @Field(() => String, { description: "The requester's pseudonymous subject." })
  requestedBy!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The requester's written justification: only on this country's own requests, and only to this country's own users (free text never crosses a border).",
  })
  justification!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The reviewer's pseudonymous subject; null while pending.",
  })
  reviewedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  reviewedAt!: Date | null;
}
