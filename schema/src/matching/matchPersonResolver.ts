import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { CountryCode } from '../codes';
import { ErrorCode, contractError } from '../errors';
import type { NationalContext } from '../national/context';
import { assertOwnId } from '../national/ownership';
import { partition } from '../partition';
import { refuseMatch } from './audit';
import { justificationProblem } from './justification';
import type { ForeignMatch } from './port';
import { MatchResult } from './types';

/** A result as the resolver builds it: an answer, or the reason the country gave none. */
type MatchResultRecord = Omit<MatchResult, 'hasRecord'> & {
  hasRecord: boolean | null;
  failure: { code: string; message: string } | null;
};

function toResult(match: ForeignMatch): MatchResultRecord {
  if ('failure' in match) {
    return { country: match.country, hasRecord: null, contactPoint: null, failure: match.failure };
  }
  return {
    country: match.country,
    hasRecord: match.hasRecord,
    contactPoint: match.contactPointId ? { id: match.contactPointId } : null,
    failure: null,
  };
}

/**
 * `matchPerson` — asked of the country that owns the case, which orchestrates the match itself:
 * it alone may read the person behind its case (the tokens are computed from its national-only
 * identity table and never leave its process except as keyed hashes to the other countries' lookup),
 * it applies its own policy, guard rails and rate limit, and it keeps the justification. A central
 * linkage service or the gateway would have to hold the key and see every country's tokens; here each
 * country holds the key for its own records only and the gateway sees hashes it cannot reverse.
 *
 * A mutation, not a query: it records a request with a justification, counts against a rate limit and
 * writes audit events in every country, so it must not be cached, retried automatically or sent as a
 * GET (which would put the justification in URLs and access logs).
 */
@Resolver(() => MatchResult)
export class MatchPersonResolver {
  @Directive(partition('OWNER_OF_ID', 'caseId'))
  @Mutation(() => [MatchResult], {
    description:
      "Does the person of this case appear in other countries' records? Asked of the case's own country, which sends keyed-hash tokens of the person (never names) to every other connected country; each answers existence only. Only national coordinators (purpose DUPLICATE_CHECK) and police liaisons (CRIMINAL_INVESTIGATION_SUPPORT) of the case's country, with a written justification without identifiers. One result per other country, in network order.",
  })
  async matchPerson(
    @Arg('caseId', () => ID, {
      description: 'A case of the caller\'s own country, e.g. "FI:Case:2024-000017".',
    })
    caseId: string,
    @Arg('justification', () => String, {
      description:
        'Why this person must be checked across borders, in words (20–500 characters, no identifiers).',
    })
    justification: string,
    @Ctx() context: NationalContext,
  ): Promise<MatchResultRecord[]> {
    assertOwnId(context, caseId, 'Case');
    const decision = context.policy.personMatch('REQUEST');
    if (!decision.allowed) refuseMatch(context, decision, 'Mutation.matchPerson', [caseId]);
    const problem = justificationProblem(justification);
    if (problem) {
      refuseMatch(
        context,
        { allowed: false, code: ErrorCode.INVALID_JUSTIFICATION, message: `justification: ${problem}` },
        'Mutation.matchPerson',
        [caseId],
      );
    }
    const admission = await context.matching.admitRequest({ caseId, justification: justification.trim() });
    if (!admission.admitted) {
      refuseMatch(
        context,
        { allowed: false, code: ErrorCode.MATCH_RATE_LIMITED, message: admission.message },
        'Mutation.matchPerson',
        [caseId],
      );
    }
    const tokens = await context.matching.tokensOfCase(caseId);
    if (tokens === null) {
      refuseMatch(
        context,
        {
          allowed: false,
          code: ErrorCode.BAD_USER_INPUT,
          message: `${caseId}: there is no such case in ${context.country}.`,
        },
        'Mutation.matchPerson',
        [caseId],
      );
    }
    if (tokens.length === 0) {
      context.audit.record({
        action: 'MATCH_QUERY',
        entityType: 'Case',
        entityIds: [caseId],
        outcome: 'ALLOWED',
        resultCount: 0,
        grantedBy: decision.grantedBy,
      });
      throw contractError(
        ErrorCode.NO_MATCH_TOKENS,
        `${caseId}: the person has no match token (neither birth month with citizenship nor a travel document is recorded), so no other country was asked.`,
      );
    }
    const requested = { requestId: admission.requestId, justification: justification.trim() };
    const answers = await context.matching.askOtherCountries(tokens, requested);
    const withRecord = answers.filter((a) => 'hasRecord' in a && a.hasRecord).map((a) => a.country);
    context.audit.record({
      action: 'MATCH_QUERY',
      entityType: 'Case',
      entityIds: [caseId],
      outcome: 'ALLOWED',
      resultCount: withRecord.length,
      grantedBy: decision.grantedBy,
    });
    // The request id the answering countries' audit logs name (their lookups were signed with it).
    context.audit.record({
      action: 'MATCH_QUERY',
      entityType: 'MatchRequest',
      entityIds: [admission.requestId],
      outcome: 'ALLOWED',
      resultCount: withRecord.length,
    });
    // A match of a minor's case is kept for a second coordinator's review (DOMAIN §4.4, four eyes).
    if (withRecord.length > 0 && (await context.matching.minorCases([caseId])).length > 0) {
      await context.matching.keepForReview({
        requestingCountry: context.country,
        countries: withRecord,
        caseIds: [caseId],
        matchRequestId: admission.requestId,
        requestedBy: context.caller?.subject as string,
        justification: requested.justification,
      });
    }
    return answers.map(toResult);
  }

  @FieldResolver(() => Boolean, { nullable: true })
  hasRecord(@Root() root: MatchResultRecord): boolean | null {
    if (root.failure) {
      // The gateway names the serving (owning) country in `extensions.country`; this names the one that did not answer.
      throw contractError(
        root.failure.code as ErrorCode,
        `${root.country} gave no answer: ${root.failure.message}`,
        {
          unansweredCountry: root.country as CountryCode,
        },
      );
    }
    return root.hasRecord;
  }
}
