import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { CountryCode } from '../codes';
import { ErrorCode } from '../errors';
import { formatGlobalId } from '../globalId';
import type { NationalContext } from '../national/context';
import { requireOwnCountryListed } from '../national/resolvers';
import { partition } from '../partition';
import { refuseMatch } from './audit';
import { MatchAnswer, MatchTokenInput } from './types';

/** One person's tokens: a name token and a document token. More would let a caller probe many people at once. */
export const MAX_TOKENS_PER_LOOKUP = 2;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** The contact point another country follows a match up through: police to police, otherwise the NRM focal point. */
function contactPointFor(context: NationalContext): string {
  const police =
    context.caller?.roles.includes('POLICE_LIAISON') &&
    !context.caller.roles.includes('NATIONAL_COORDINATOR');
  return formatGlobalId(context.country, 'ContactPoint', police ? 'police-contact' : 'nrm-focal-point');
}

@Resolver(() => MatchAnswer)
export class MatchLookupResolver {
  @Directive(partition('SCATTER', 'countries'))
  @Query(() => [MatchAnswer], {
    description:
      "The answering half of matchPerson, asked by the owning country on behalf of its caller: does each queried country hold a record with one of these tokens? Existence and a contact point only. Refused to anyone who may not match (the same roles and purposes as matchPerson) and to the country's own users.",
  })
  async matchTokenLookup(
    @Arg('tokens', () => [MatchTokenInput], {
      description: `One person's tokens (at most ${MAX_TOKENS_PER_LOOKUP}).`,
    })
    tokens: MatchTokenInput[],
    @Ctx() context: NationalContext,
    @Arg('countries', () => [CountryCode], { nullable: true }) countries?: CountryCode[],
  ): Promise<MatchAnswer[]> {
    requireOwnCountryListed(context, countries);
    const field = 'Query.matchTokenLookup';
    const decision = context.policy.personMatch('ANSWER');
    if (!decision.allowed) refuseMatch(context, decision, field, []);
    if (
      tokens.length === 0 ||
      tokens.length > MAX_TOKENS_PER_LOOKUP ||
      tokens.some((t) => !HEX_SHA256.test(t.value))
    ) {
      refuseMatch(
        context,
        {
          allowed: false,
          code: ErrorCode.BAD_USER_INPUT,
          message: `tokens: give 1 to ${MAX_TOKENS_PER_LOOKUP} tokens of one person, each 64 lower-case hex digits.`,
        },
        field,
        [],
      );
    }
    const foreign = tokens.find((t) => t.keyVersion !== context.matching.keyVersion);
    if (foreign) {
      refuseMatch(
        context,
        {
          allowed: false,
          code: ErrorCode.LINKAGE_KEY_MISMATCH,
          message: `${context.country} holds tokens of linkage-key version ${context.matching.keyVersion}, not ${foreign.keyVersion}: the network is rotating its key; ask again once every country runs the same version.`,
        },
        field,
        [],
      );
    }
    const ids = await context.matching.casesWithTokens(tokens);
    context.audit.record({
      action: 'MATCH_QUERY',
      entityType: 'Case',
      entityIds: ids,
      outcome: 'ALLOWED',
      grantedBy: decision.grantedBy,
    });
    const hasRecord = ids.length > 0;
    // A record of a minor: the match is kept here too, as notice to this country's contact point and
    // for its own second-person review (DOMAIN §4.4).
    const minors = hasRecord ? await context.matching.minorCases(ids) : [];
    if (minors.length > 0 && context.caller) {
      await context.matching.keepForReview({
        requestingCountry: context.caller.country as CountryCode,
        countries: [context.caller.country as CountryCode],
        caseIds: minors,
        requestedBy: context.caller.subject,
        justification: null,
      });
    }
    return [
      {
        country: context.country,
        hasRecord,
        contactPoint: hasRecord ? { id: contactPointFor(context) } : null,
      },
    ];
  }
}
