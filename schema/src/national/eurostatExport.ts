import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { Measure, StatisticDimension } from '../codes';
import type { NationalContext } from './context';
import { NationalCountry } from './country.types';
import { guardAggregateRead } from './flows.resolvers';
import { StatisticRow } from './statistics.types';
import { toStatisticsQuery } from './statisticsQuery';

interface ExportTableDefinition {
  table: string;
  description: string;
  measure: Measure;
  groupBy: StatisticDimension[];
}

/**
 * A year's figures in the breakdowns of the Eurostat / DG HOME trafficking data collection (DOMAIN
 * §1.3): registered victims by sex and age group, by citizenship, by form of exploitation (and sex),
 * by registering organisation; suspects; prosecuted and convicted persons (not held by the national
 * case records, so NOT_REPORTED). Each table is an ordinary statistics answer, suppressed on its own.
 */
export const EUROSTAT_THB_TABLES: readonly ExportTableDefinition[] = [
  {
    table: 'registered_victims',
    description: 'Registered victims (presumed + identified), total',
    measure: 'REGISTERED_VICTIMS',
    groupBy: [],
  },
  {
    table: 'registered_victims_by_sex_and_age',
    description: 'Registered victims by sex and age group (Eurostat crim_thb_vsage)',
    measure: 'REGISTERED_VICTIMS',
    groupBy: ['SEX', 'AGE_GROUP'],
  },
  {
    table: 'registered_victims_by_citizenship',
    description:
      'Registered victims by citizenship group (reporting country / other EU / non-EU; OTHER_NORDIC is the network roll-up that Eurostat folds into other EU or non-EU)',
    measure: 'REGISTERED_VICTIMS',
    groupBy: ['CITIZENSHIP_GROUP'],
  },
  {
    table: 'registered_victims_by_exploitation_and_sex',
    description:
      'Registered victims by form of exploitation (Eurostat grouping) and sex (Eurostat crim_thb_vexp)',
    measure: 'REGISTERED_VICTIMS',
    groupBy: ['EXPLOITATION_GROUP', 'SEX'],
  },
  {
    table: 'registered_victims_by_registering_organisation',
    description: 'Registered victims by type of registering organisation',
    measure: 'REGISTERED_VICTIMS',
    groupBy: ['REGISTERING_ORG_TYPE'],
  },
  { table: 'suspects', description: 'Suspected persons', measure: 'SUSPECTS', groupBy: [] },
  { table: 'prosecuted', description: 'Prosecuted persons', measure: 'PROSECUTED', groupBy: [] },
  { table: 'convicted', description: 'Convicted persons', measure: 'CONVICTED', groupBy: [] },
];

@ObjectType({ description: 'One table of an export: a predefined breakdown of one measure for one year.' })
export class StatisticsExportTable {
  @Field(() => String, { description: 'Stable table name, e.g. registered_victims_by_sex_and_age.' })
  table!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Measure)
  measure!: Measure;

  @Field(() => [StatisticDimension], { description: 'The breakdown besides COUNTRY and YEAR.' })
  dimensions!: StatisticDimension[];

  @Field(() => [StatisticRow])
  rows!: StatisticRow[];
}

@Resolver(() => NationalCountry)
export class CountryExportResolver {
  @FieldResolver(() => [StatisticsExportTable], {
    nullable: true,
    description:
      "This country's figures for one year in the Eurostat THB breakdown (DOMAIN §1.3 / use case 13), each table with small-cell suppression. Null for a country that runs no national service or cannot be reached.",
  })
  async eurostatExport(
    @Root() root: NationalCountry,
    @Arg('year', () => Int) year: number,
    @Ctx() context: NationalContext,
  ): Promise<StatisticsExportTable[]> {
    guardAggregateRead(context, root.code, 'Country.eurostatExport');
    return Promise.all(
      EUROSTAT_THB_TABLES.map(async (definition) => ({
        table: definition.table,
        description: definition.description,
        measure: definition.measure,
        dimensions: [...definition.groupBy],
        rows: await context.national.statistics(
          toStatisticsQuery({ year, measure: definition.measure, groupBy: definition.groupBy }),
        ),
      })),
    );
  }
}
