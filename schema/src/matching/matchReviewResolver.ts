import { Arg, Ctx, Directive, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CountryCode } from '../codes';
import { ErrorCode, contractError } from '../errors';
import type { NationalContext } from '../national/context';
import { assertOwnCountry, assertOwnId } from '../national/ownership';
import { authorizeType, disclose, refuse, releaseWritten } from '../national/enforcement';
import { partition } from '../partition';
import type { MatchReviewRecord } from './port';
import { MatchReview } from './reviewTypes';

/**
 * Free text never crosses a border: a justification is served to this country's own users only, and
 * only on its own requests (an answer's review never had one). The policy already refuses foreign
 * readers; this holds even if a policy change let one through.
 */
function domesticOnly(context: NationalContext, review: MatchReviewRecord): MatchReviewRecord {
  const domestic =
    context.caller?.country === context.country && review.requestingCountry === context.country;
  return domestic ? review : { ...review, justification: null };
}

/**
 * The four-eyes rule on person matches involving minors (DOMAIN §4.4): every country that took part
 * keeps the match for review — the asking country when its case is of a minor and another country has a
 * record, an answering country when its record is of a minor — and its coordinators (and auditors) see
 * them here; a coordinator other than the requester records the review.
 */
@Resolver(() => MatchReview)
export class MatchReviewResolver {
  @Directive(partition('ONE_COUNTRY', 'country'))
  @Query(() => [MatchReview], {
    description:
      'Person matches involving a minor that this country took part in, newest first: for its national coordinators and auditors, with a declared purpose (x-purpose: DUPLICATE_CHECK or VICTIM_ASSISTANCE_CONTINUITY for coordinators, AUDIT for auditors), audited as a person-level read. `pending` (default true): only those no second person has reviewed yet.',
  })
  async matchReviews(
    @Arg('country', () => CountryCode) country: CountryCode,
    @Ctx() context: NationalContext,
    @Arg('pending', () => Boolean, { nullable: true, defaultValue: true }) pending: boolean,
  ): Promise<MatchReviewRecord[]> {
    assertOwnCountry(context, country, 'The match reviews of');
    const grant = authorizeType(context, 'MatchReview', [], 'Query.matchReviews');
    const reviews = (await context.matching.matchReviews(pending)).map((review) =>
      domesticOnly(context, review),
    );
    // Audited as reads of the cases the reviews name (what they disclose about persons); released as served.
    return disclose(context, 'MatchReview', grant, reviews, {
      audit: { entityType: 'Case', entityIds: [...new Set(reviews.flatMap((r) => r.caseIds))] },
    });
  }

  @Directive(partition('OWNER_OF_ID', 'id'))
  @Mutation(() => MatchReview, {
    description:
      "Records a coordinator's review of a person match involving a minor: a national coordinator of the country, not the one who asked for the match (four eyes). Reviewing again keeps the first review.",
  })
  async reviewMatch(
    @Arg('id', () => ID, { description: 'e.g. "FI:MatchReview:12".' }) id: string,
    @Ctx() context: NationalContext,
  ): Promise<MatchReviewRecord> {
    assertOwnId(context, id, 'MatchReview');
    const decision = context.policy.matchReview('REVIEW');
    if (!decision.allowed)
      refuse(context, decision, 'MatchReview', [id], 'READ_UNIT', 'Mutation.reviewMatch');
    const reviewer = context.caller?.subject as string;
    const existing = await context.matching.matchReview(id);
    if (!existing)
      throw contractError(ErrorCode.NOT_FOUND, `${id} is not a match review of ${context.country}.`);
    if (existing.requestedBy === reviewer && existing.requestingCountry === context.country) {
      refuse(
        context,
        {
          allowed: false,
          code: ErrorCode.FORBIDDEN,
          message: `${id}: the four-eyes rule — the coordinator who asked for the match may not review it; another coordinator of ${context.country} must.`,
        },
        'MatchReview',
        [id],
        'READ_UNIT',
        'Mutation.reviewMatch',
      );
    }
    const reviewed = (await context.matching.review(id, reviewer)) as MatchReviewRecord;
    context.audit.record({
      action: 'READ_UNIT',
      entityType: 'Case',
      entityIds: reviewed.caseIds,
      outcome: 'ALLOWED',
      resultCount: 1,
      grantedBy: decision.allowed ? decision.grantedBy : undefined,
    });
    return releaseWritten(context, domesticOnly(context, reviewed));
  }
}
