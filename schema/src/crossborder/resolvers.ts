import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { CountryCode } from '../codes';
import type { NationalContext } from '../national/context';
import { assertOwnId } from '../national/ownership';
import { FieldScope } from '../national/fieldScope';
import { parseGlobalId } from '../globalId';
import { ErrorCode } from '../errors';
import {
  guardSharedRecord,
  guardUnitRead,
  recordRead,
  refuse,
  requireOwnCountryListed,
} from '../national/resolvers';
import { partition } from '../partition';
import { YearMonthScalar } from '../scalars/yearMonth';
import { CaseLink, CrossBorderCase, CrossBorderReferral } from './types';
import { CaseLinkMutationResolver } from './linkMutations';

/** Reads one link by id: a cross-border caller sees only links whose other side is their country's case. */
export async function readCaseLink(context: NationalContext, id: string): Promise<CaseLink | null> {
  assertOwnId(context, id, 'CaseLink');
  guardUnitRead(context, 'CaseLink', [id]);
  const [found] = await context.crossborder.findLinks([id]);
  if (context.policy.foreignCountry) {
    guardSharedRecord(context, 'CaseLink', id, found ? [parseGlobalId(found.caseB.id, 'Case').country] : []);
  }
  recordRead(context, 'CaseLink', [id]);
  return found ?? null;
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
    guardUnitRead(context, 'CaseLink', []);
    const links = await context.crossborder.linksOfCase(root.id);
    if (links.length > 0)
      recordRead(
        context,
        'CaseLink',
        links.map((l) => l.id),
      );
    return links;
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
    guardUnitRead(context, 'CaseLink', []);
    const links = await context.crossborder.linksOfCase(root.id);
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
    guardUnitRead(context, 'Referral', []);
    const id = await context.crossborder.originReferralOf(root.id);
    return id ? { id } : null;
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
    assertOwnId(context, root.id, 'Referral');
    guardUnitRead(context, 'Case', []);
    const id = await context.crossborder.destinationCaseOf(root.id);
    return id ? { id } : null;
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
    guardUnitRead(context, 'CaseLink', []);
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
    recordRead(
      context,
      'CaseLink',
      links.map((l) => l.id),
    );
    return links;
  }
}

export const crossborderResolvers = [
  CaseLinkMutationResolver,
  CrossBorderCaseResolver,
  CrossBorderReferralResolver,
  CaseLinkResolver,
] as const;
