import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Directive,
  FieldResolver,
  ID,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { CountryCode } from '../codes';
import { ErrorCode, contractError } from '../errors';
import { partition } from '../partition';
import { Case, CountryCasePage } from './case.types';
import type { NationalContext } from './context';
import { authorizeById, authorizeRecords, authorizeType, disclose, refuse } from './enforcement';
import { FieldScope } from './fieldScope';
import { NationalCountry } from './country.types';
import { CasesArgs, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ReferralsArgs, StatisticsArgs } from './inputs';
import { assertOwnCountry } from './ownership';
import type { CasePageRecord, ReferralRecord } from './port';
import { Referral } from './referral.types';
import { StatisticRow } from './statistics.types';
import { AuditEvent, AuditEventPage, AuditEventsArgs } from './audit.types';
import { toStatisticsQuery } from './statisticsQuery';
import { ReferralMutationResolver } from './referralMutations';

export { refuse } from './enforcement';
import { CountryFlowsResolver } from './flows.resolvers';
import { CountryExportResolver } from './eurostatExport';

/**
 * Reads one case by id for the contract (`Query.case` and entity references alike) through the
 * enforcement point: policy, the case's relation to the caller, audit.
 */
export function readCase(context: NationalContext, id: string): Promise<Case | null> {
  return authorizeById(
    context,
    'Case',
    id,
    async (caseId) => (await context.national.findCases([caseId]))[0] ?? null,
    async (found) => (await context.national.sharedWith([found.id]))[0] ?? [],
  );
}

/** Reads one referral by id: a cross-border caller sees only referrals addressed to their country. */
export function readReferral(context: NationalContext, id: string): Promise<ReferralRecord | null> {
  return authorizeById(
    context,
    'Referral',
    id,
    async (referralId) => (await context.national.findReferrals([referralId]))[0] ?? null,
    (found) => [found.toCountry],
  );
}

/** A scattered field reaches a country only when it is listed (defence in depth against misrouting). */
export function requireOwnCountryListed(
  context: NationalContext,
  countries: readonly string[] | undefined,
): void {
  if (countries && !countries.includes(context.country)) {
    throw contractError(
      ErrorCode.NOT_OWNED_BY_THIS_COUNTRY,
      `This is the ${context.country} service and ${context.country} is not among the requested countries (${countries.join(', ')}).`,
      { servingCountry: context.country },
    );
  }
}

@Resolver(() => Case)
export class CaseResolver {
  @Directive(partition('OWNER_OF_ID', 'id'))
  @Query(() => Case, {
    nullable: true,
    description: 'One case by global id, answered by the country that owns it.',
  })
  case(@Arg('id', () => ID) id: string, @Ctx() context: NationalContext): Promise<Case | null> {
    return readCase(context, id);
  }

  @Directive(partition('SCATTER', 'countries'))
  @Query(() => [CountryCasePage], {
    description:
      "Cases, one page per country (each with its own total and cursor), in the network's country order.",
  })
  async cases(
    @Args(() => CasesArgs) args: CasesArgs,
    @Ctx() context: NationalContext,
  ): Promise<CasePageRecord[]> {
    requireOwnCountryListed(context, args.countries);
    const grant = authorizeType(context, 'Case');
    const browsing = context.policy.browse('Query.cases');
    if (!browsing.allowed) refuse(context, browsing, 'Query.cases', []);
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        `first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}.`,
        {
          argument: 'first',
        },
      );
    }
    const filter = args.filter ?? {};
    if (filter.openedFrom && filter.openedTo && filter.openedFrom > filter.openedTo) {
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        `filter.openedFrom (${filter.openedFrom}) is after filter.openedTo (${filter.openedTo}).`,
        { argument: 'filter' },
      );
    }
    const page = await context.national.casePage({ ...filter }, first, args.after ?? undefined);
    disclose(context, 'Case', grant, page.nodes);
    return [page];
  }

  @Authorized(FieldScope.DOMESTIC)
  @FieldResolver(() => [Referral], { description: 'Referrals sent from this case to other countries.' })
  async referrals(@Root() root: Case, @Ctx() context: NationalContext): Promise<ReferralRecord[]> {
    authorizeType(context, 'Referral', [], 'Case.referrals');
    const referrals = await context.national.referralsOfCase(root.id);
    return authorizeRecords(context, 'Referral', referrals, { field: 'Case.referrals' });
  }
}

@Resolver(() => CountryCasePage)
export class CountryCasePageResolver {
  @FieldResolver(() => Int, { description: 'Cases in this country matching the filter.' })
  totalCount(@Root() page: CasePageRecord): Promise<number> {
    return page.countTotal();
  }
}

@Resolver(() => Referral)
export class ReferralResolver {
  @Directive(partition('OWNER_OF_ID', 'id'))
  @Query(() => Referral, {
    nullable: true,
    description: 'One referral by global id, answered by the sending country.',
  })
  referral(@Arg('id', () => ID) id: string, @Ctx() context: NationalContext): Promise<ReferralRecord | null> {
    return readReferral(context, id);
  }

  @Directive(partition('SCATTER', 'countries'))
  @Query(() => [Referral], {
    description:
      "Referrals held by the queried (sending) countries. OUTGOING: what they sent (optionally only to counterpart). INCOMING: what they sent to counterpart, i.e. counterpart's inbox.",
  })
  async referrals(
    @Args(() => ReferralsArgs) args: ReferralsArgs,
    @Ctx() context: NationalContext,
  ): Promise<ReferralRecord[]> {
    requireOwnCountryListed(context, args.countries);
    if (args.direction === 'INCOMING' && !args.counterpart) {
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        'referrals(direction: INCOMING) needs counterpart: the country whose inbox to list, e.g. counterpart: SE.',
        { argument: 'counterpart' },
      );
    }
    const grant = authorizeType(context, 'Referral');
    const foreign = context.policy.foreignCountry;
    if (foreign && args.counterpart && args.counterpart !== foreign) {
      refuse(
        context,
        {
          allowed: false,
          code: ErrorCode.FORBIDDEN,
          message: `Query.referrals: from ${foreign} you may list only the referrals ${context.country} sent to ${foreign} (counterpart: ${foreign}), not those to ${args.counterpart}.`,
        },
        'Query.referrals',
        [],
      );
    }
    const referrals = await context.national.listReferrals({
      toCountry: (foreign as CountryCode | null) ?? args.counterpart ?? undefined,
      status: args.status ?? undefined,
    });
    return disclose(context, 'Referral', grant, referrals);
  }

  @Authorized(FieldScope.DOMESTIC)
  @FieldResolver(() => Case)
  async case(@Root() root: ReferralRecord, @Ctx() context: NationalContext): Promise<Case> {
    authorizeType(context, 'Case', [], 'Referral.case');
    const [found] = await context.national.findCases([root.caseId]);
    if (!found) throw new Error(`referral ${root.id} points to missing case ${root.caseId}`);
    return authorizeRecords(context, 'Case', [found], { field: 'Referral.case' })[0] as Case;
  }
}

@Resolver(() => NationalCountry)
export class NationalCountryResolver {
  @FieldResolver(() => [StatisticRow], {
    nullable: true,
    description:
      "This country's statistics, computed from its cases, with small-cell suppression. Group only by the predefined dimensions. Null for a country that runs no national service or cannot be reached (the errors say which).",
  })
  async statistics(
    @Root() root: NationalCountry,
    @Args(() => StatisticsArgs) args: StatisticsArgs,
    @Ctx() context: NationalContext,
  ): Promise<StatisticRow[]> {
    assertOwnCountry(context, root.code, 'Country');
    const decision = context.policy.statistics();
    if (!decision.allowed) {
      throw new GraphQLError(decision.message, {
        extensions: { code: decision.code, field: 'Country.statistics' },
      });
    }
    return context.national.statistics(toStatisticsQuery(args));
  }
}

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Directive(partition('ONE_COUNTRY', 'country'))
  @Query(() => AuditEventPage, {
    description:
      "A country's audit log, newest first: readable only by that country's auditors (role AUDITOR).",
  })
  async auditEvents(
    @Args(() => AuditEventsArgs) args: AuditEventsArgs,
    @Ctx() context: NationalContext,
  ): Promise<AuditEventPage> {
    assertOwnCountry(context, args.country, 'The audit log of');
    const grant = authorizeType(
      context,
      'AuditEvent',
      args.entityId ? [args.entityId] : [],
      'Query.auditEvents',
    );
    const first = args.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > 500) {
      throw contractError(ErrorCode.BAD_USER_INPUT, `first must be between 1 and 500, got ${first}.`, {
        argument: 'first',
      });
    }
    const page = await context.national.auditEvents({
      entityId: args.entityId ?? undefined,
      actorCountry: args.actorCountry ?? undefined,
      crossBorder: args.crossBorder ?? undefined,
      outcome: args.outcome ?? undefined,
      from: args.from?.toISOString(),
      to: args.to?.toISOString(),
      first,
      after: args.after ?? undefined,
    });
    disclose(context, 'AuditEvent', grant, page.nodes);
    return page;
  }
}

export const nationalResolvers = [
  ReferralMutationResolver,
  CaseResolver,
  CountryCasePageResolver,
  ReferralResolver,
  NationalCountryResolver,
  AuditResolver,
  CountryFlowsResolver,
  CountryExportResolver,
] as const;
