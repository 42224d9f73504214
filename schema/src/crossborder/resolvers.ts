import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { CountryCode } from '../codes';
import type { NationalContext } from '../national/context';
import { assertOwnId } from '../national/ownership';
import { FieldScope } from '../national/fieldScope';
import { parseGlobalId } from '../globalId';
import { ErrorCode } from '../errors';
import { readCase, readReferral, refuse, requireOwnCountryListed } from '../national/resolvers';
import { authorizeById, authorizeRecords, authorizeType, disclose, reference } from '../national/enforcement';
import { partition } from '../partition';
import { YearMonthScalar } from '../scalars/yearMonth';
import { CaseLink, CrossBorderCase, CrossBorderReferral } from './types';
import { CaseLinkMutationResolver } from './linkMutations';

/** The two ends of a link: references, each read through its owner's enforcement point. */
export const linkEnds = (link: CaseLink) => [link.caseA, link.caseB];

/** Reads one link by id: a cross-border caller sees only links whose other side is their country's case. */
export function readCaseLink(context: NationalContext, id: string): Promise<CaseLink | null> {
  return authorizeById(
    context,
    'CaseLink',
    id,
    async (linkId) => (await context.crossborder.findLinks([linkId]))[0] ?? null,
    (found) => [parseGlobalId(found.caseB.id, 'Case').country],
    { references: linkEnds },
  );
}

/**
 * A case as this subgraph's entity (`_entities` on /crossborder/graphql): the same check as reading the
 * case on /graphql — the case's relation to the caller — before any of its cross-border edges.
 */
export async function readCrossBorderCase(
  context: NationalContext,
  id: string,
): Promise<CrossBorderCase | null> {
  const found = await readCase(context, id);
  return found ? reference(context, { id: found.id }) : null;
}

/** A referral as this subgraph's entity: the same check as reading the referral on /graphql. */
export async function readCrossBorderReferral(
  context: NationalContext,
  id: string,
): Promise<CrossBorderReferral | null> {
  const found = await readReferral(context, id);
  return found ? reference(context, { id: found.id }) : null;
}

@Resolver(() => CrossBorderCase)
export class CrossBorderCaseResolver {
  @Authorized(FieldScope.DOMESTIC)
  @Directive('@requires(fields: "country")')
  @FieldResolver(() => [CaseLink], {
    nullable: true,
    description:
      'Confirmed links to cases in other countries; caseA is this case. Null when the owning country cannot be reached.',
  })
  async links(@Root() root: CrossBorderCase, @Ctx() context: NationalContext): Promise<CaseLink[]> {
    assertOwnId(context, root.id, 'Case');
    authorizeType(context, 'CaseLink', [], 'Case.links');
    const links = await context.crossborder.linksOfCase(root.id);
    return authorizeRecords(context, 'CaseLink', links, { field: 'Case.links', references: linkEnds });
  }

  @Authorized(FieldScope.DOMESTIC)
  @Directive('@requires(fields: "country")')
  @FieldResolver(() => [CrossBorderCase], {
    nullable: true,
    description:
      'The cases in other countries this case is linked to. Null when the owning country cannot be reached.',
  })
  async linkedCases(
    @Root() root: CrossBorderCase,
    @Ctx() context: NationalContext,
  ): Promise<CrossBorderCase[]> {
    assertOwnId(context, root.id, 'Case');
    authorizeType(context, 'CaseLink', [], 'Case.linkedCases');
    const links = await context.crossborder.linksOfCase(root.id);
    authorizeRecords(context, 'CaseLink', links, { field: 'Case.linkedCases', references: linkEnds });
    return links.map((link) => link.caseB);
  }

  @Authorized(FieldScope.DOMESTIC)
  @Directive('@requires(fields: "country")')
  @FieldResolver(() => CrossBorderReferral, {
    nullable: true,
    description: 'The referral from another country that this case was opened from.',
  })
  async originReferral(
    @Root() root: CrossBorderCase,
    @Ctx() context: NationalContext,
  ): Promise<CrossBorderReferral | null> {
    assertOwnId(context, root.id, 'Case');
    authorizeType(context, 'Referral', [], 'Case.originReferral');
    const id = await context.crossborder.originReferralOf(root.id);
    // A reference to the sending country's referral: that country's enforcement point answers its fields.
    return id ? reference(context, { id }) : null;
  }
}

@Resolver(() => CrossBorderReferral)
export class CrossBorderReferralResolver {
  @Directive('@requires(fields: "fromCountry")')
  @FieldResolver(() => CrossBorderCase, {
    nullable: true,
    description: 'The case the receiving country opened when it accepted the referral.',
  })
  async destinationCase(
    @Root() root: CrossBorderReferral,
    @Ctx() context: NationalContext,
  ): Promise<CrossBorderCase | null> {
    // The referral (this object) passed the enforcement point; the case it names is the receiving
    // country's, read through that country's enforcement point (the accepting caseworker's own case).
    assertOwnId(context, root.id, 'Referral');
    const id = await context.crossborder.destinationCaseOf(root.id);
    return id ? reference(context, { id }) : null;
  }
}

@Resolver(() => CaseLink)
export class CaseLinkResolver {
  @Directive(partition('OWNER_OF_ID', 'id'))
  @Query(() => CaseLink, {
    nullable: true,
    description: 'One case link by id, answered by the country that proposed it.',
  })
  caseLink(@Arg('id', () => ID) id: string, @Ctx() context: NationalContext): Promise<CaseLink | null> {
    return readCaseLink(context, id);
  }

  @Directive(partition('SCATTER', 'countries'))
  @Query(() => [CaseLink], {
    description:
      'Confirmed cross-border links owned (proposed) by the queried countries, optionally only those whose other side is in `with`.',
  })
  async caseLinks(
    @Ctx() context: NationalContext,
    @Arg('countries', () => [CountryCode], { nullable: true }) countries?: CountryCode[],
    @Arg('with', () => [CountryCode], {
      nullable: true,
      description: 'Only links to cases of these countries.',
    })
    withCountries?: CountryCode[],
    @Arg('since', () => YearMonthScalar, { nullable: true }) since?: string,
    @Arg('pending', () => Boolean, {
      nullable: true,
      description:
        'true: proposals the other country has not confirmed yet (to confirm with confirmCaseLink) instead of confirmed links.',
    })
    pending?: boolean,
  ): Promise<CaseLink[]> {
    requireOwnCountryListed(context, countries);
    const grant = authorizeType(context, 'CaseLink');
    const foreign = context.policy.foreignCountry;
    if (foreign && withCountries?.some((c) => c !== foreign)) {
      refuse(
        context,
        {
          allowed: false,
          code: ErrorCode.FORBIDDEN,
          message: `Query.caseLinks: from ${foreign} you may list only ${context.country}'s links to ${foreign} cases (with: [${foreign}]), not those to ${withCountries.filter((c) => c !== foreign).join(', ')}.`,
        },
        'Query.caseLinks',
        [],
      );
    }
    const links = await context.crossborder.listLinks({
      otherCountries: foreign ? [foreign as CountryCode] : (withCountries ?? undefined),
      since: since ?? undefined,
      pending: pending ?? false,
    });
    return disclose(context, 'CaseLink', grant, links, { references: linkEnds });
  }
}

export const crossborderResolvers = [
  CaseLinkMutationResolver,
  CrossBorderCaseResolver,
  CrossBorderReferralResolver,
  CaseLinkResolver,
] as const;
