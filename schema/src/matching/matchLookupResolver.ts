import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { CountryCode } from '../codes';
import { ErrorCode } from '../errors';
import { formatGlobalId } from '../globalId';
import type { NationalContext } from '../national/context';
import { requireOwnCountryListed } from '../national/resolvers';
import { partition } from '../partition';
import { refuseMatch } from './audit';
import { MatchAnswer, MatchTokenInput } from './types';

/**
 * One person's tokens: at most one of each scheme (a name token and a document token). More — or two of
 * one scheme, which can only be two people — would let a caller probe many people at once.
 */
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
      "The answering half of matchPerson, sent by the owning country's national service for a match started there: does each queried country hold a record with one of these tokens? Existence and a contact point only. Answered only with `signedRequest`, the asking service's signature over this match (a user calling it directly is refused with MATCH_LOOKUP_NOT_SIGNED), to the roles and purposes of matchPerson, once per signed lookup, within each answering country's limit per asking country.",
  })
  async matchTokenLookup(
    @Arg('tokens', () => [MatchTokenInput], {
      description: `One person's tokens (at most ${MAX_TOKENS_PER_LOOKUP}, one of each scheme).`,
    })
    tokens: MatchTokenInput[],
    @Ctx() context: NationalContext,
    @Arg('countries', () => [CountryCode], { nullable: true }) countries?: CountryCode[],
    @Arg('signedRequest', () => String, {
      nullable: true,
      description:
        "The asking national service's signature over this lookup (a compact JWS): its match request, the justification's and the tokens' hashes, the requester, the countries asked, an expiry and a nonce. Made by the service, never by a client.",
    })
    signedRequest?: string | null,
  ): Promise<MatchAnswer[]> {
    requireOwnCountryListed(context, countries);
    const field = 'Query.matchTokenLookup';
    if (!signedRequest) {
      refuseMatch(
        context,
        {
          allowed: false,
          code: ErrorCode.MATCH_LOOKUP_NOT_SIGNED,
          message: `Query.matchTokenLookup answers only lookups that a national service signs for a person match started with matchPerson at the case's owner; ask with matchPerson on a case of your own country (${context.caller?.country ?? 'your country'}).`,
        },
        field,
        [],
      );
    }
    const decision = context.policy.personMatch('ANSWER');
    if (!decision.allowed) refuseMatch(context, decision, field, []);
    const schemes = new Set(tokens.map((t) => t.scheme));
    if (
      tokens.length === 0 ||
      tokens.length > MAX_TOKENS_PER_LOOKUP ||
      schemes.size !== tokens.length ||
      tokens.some((t) => !HEX_SHA256.test(t.value))
    ) {
      refuseMatch(
        context,
        {
          allowed: false,
          code: ErrorCode.BAD_USER_INPUT,
          message: `tokens: give the tokens of one person: 1 to ${MAX_TOKENS_PER_LOOKUP}, at most one of each scheme, each 64 lower-case hex digits.`,
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
    const admission = await context.matching.admitLookup({ signedRequest, tokens });
    if (!admission.admitted) {
      refuseMatch(context, { allowed: false, code: admission.code, message: admission.message }, field, []);
    }
    const ids = await context.matching.casesWithTokens(tokens);
    context.audit.record({
      action: 'MATCH_QUERY',
      entityType: 'Case',
      entityIds: ids,
      outcome: 'ALLOWED',
      grantedBy: decision.grantedBy,
    });
    // The asking country's request id, so that the two countries' audit logs can be put side by side.
    context.audit.record({
      action: 'MATCH_QUERY',
      entityType: 'MatchRequest',
      entityIds: [admission.requestId],
      outcome: 'ALLOWED',
      grantedBy: decision.grantedBy,
      resultCount: ids.length > 0 ? 1 : 0,
    });
    const hasRecord = ids.length > 0;
    // A record of a minor: the match is kept here too, as notice to this country's contact point and
    // for its own second-person review (DOMAIN §4.4).
    const minors = hasRecord ? await context.matching.minorCases(ids) : [];
    if (minors.length > 0 && context.caller) {
      await context.matching.keepForReview({
        requestingCountry: admission.askingCountry,
        countries: [admission.askingCountry],
        caseIds: minors,
        matchRequestId: admission.requestId,
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
