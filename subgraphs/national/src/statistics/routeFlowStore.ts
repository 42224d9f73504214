import type { ConnectedCountry, CountryCode, FlowQuery, RouteFlow } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { VICTIM_MEASURES, type StatisticsSettings } from './statisticsStore';
import { suppressComplementary } from './suppressComplementaryCells';
import { suppressSmallCell } from './suppressSmallCells';

/**
 * Route flows of this country's registered victims: one GROUP BY over each case's recruitment and
 * exploitation events (a case counts once per distinct pair), then primary and complementary
 * suppression over the (year,) from × to table, the same as every statistics answer.
 */
export class RouteFlowStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly settings: StatisticsSettings,
  ) {}

  async routeFlows(query: FlowQuery): Promise<RouteFlow[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .select('COUNT(DISTINCT c.seq)', 'n')
      .addSelect('rec.country', 'from')
      .addSelect('exp.country', 'to')
      .from('cases', 'c')
      .innerJoin('trafficking_events', 'rec', "rec.case_seq = c.seq AND rec.type = 'RECRUITMENT'")
      .innerJoin('trafficking_events', 'exp', "exp.case_seq = c.seq AND exp.type = 'EXPLOITATION'")
      .where('c.opened_year BETWEEN :yearFrom AND :yearTo', query)
      .andWhere(VICTIM_MEASURES.REGISTERED_VICTIMS as string)
      .groupBy('rec.country')
      .addGroupBy('exp.country');
    if (query.byYear) qb.addSelect('c.opened_year', 'year').addGroupBy('c.opened_year');
    const raw: Record<string, unknown>[] = await qb.getRawMany();

    const flows: RouteFlow[] = raw.map((r) => {
      const year = query.byYear ? Number(r.year) : null;
      return {
        country: this.country,
        yearFrom: year ?? query.yearFrom,
        yearTo: year ?? query.yearTo,
        from: r.from as CountryCode,
        to: r.to as CountryCode,
        threshold: this.settings.threshold,
        ...suppressSmallCell(Number(r.n), this.settings.threshold),
      };
    });
    flows.sort((a, b) => a.yearFrom - b.yearFrom || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    return suppressComplementary(flows, (f) => [...(query.byYear ? [f.yearFrom] : []), f.from, f.to]);
  }
}
