import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { NationalContext } from './context';
import { NationalCountry } from './country.types';
import type { FlowQuery } from './flows.port';
import { FlowArgs, ReferralMetrics, RouteFlow } from './flows.types';
import { assertOwnCountry } from './ownership';
import { toStatisticsQuery } from './statisticsQuery';

/**
 * Aggregates are for every statistics reader (the owning country's policy says who); the field is
 * answered only by the country it belongs to.
 */
export function guardAggregateRead(context: NationalContext, code: string, field: string): void {
  assertOwnCountry(context, code, 'Country');
  const decision = context.policy.statistics();
  if (!decision.allowed) {
    throw new GraphQLError(decision.message, { extensions: { code: decision.code, field } });
  }
}

/** The same year rules as statistics (range within 2000…next year, at most 20 years). */
function toFlowQuery(args: FlowArgs): FlowQuery {
  const { yearFrom, yearTo } = toStatisticsQuery({ year: args.year, yearTo: args.yearTo });
  return { yearFrom, yearTo, byYear: args.byYear ?? false };
}

@Resolver(() => NationalCountry)
export class CountryFlowsResolver {
  @FieldResolver(() => [RouteFlow], {
    nullable: true,
    description:
      "Route flows (country of recruitment → country of exploitation) of this country's registered victims, with small-cell suppression. Null for a country that runs no national service or cannot be reached.",
  })
  async routeFlows(
    @Root() root: NationalCountry,
    @Args(() => FlowArgs) args: FlowArgs,
    @Ctx() context: NationalContext,
  ): Promise<RouteFlow[]> {
    guardAggregateRead(context, root.code, 'Country.routeFlows');
    return context.national.routeFlows(toFlowQuery(args));
  }

  @FieldResolver(() => [ReferralMetrics], {
    nullable: true,
    description:
      'Referrals this country sent, by destination country: sent, accepted, declined and the median days to an answer, with small-cell suppression. Null for a country that runs no national service or cannot be reached.',
  })
  async referralMetrics(
    @Root() root: NationalCountry,
    @Args(() => FlowArgs) args: FlowArgs,
    @Ctx() context: NationalContext,
  ): Promise<ReferralMetrics[]> {
    guardAggregateRead(context, root.code, 'Country.referralMetrics');
    return context.national.referralMetrics(toFlowQuery(args));
  }
}
