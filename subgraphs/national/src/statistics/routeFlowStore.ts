import type { ConnectedCountry, CountryCode, FlowQuery, RouteFlow } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { cellKeySql } from './cellKeyPerturbation';
import { VICTIM_MEASURES, type StatisticsSettings } from './statisticsStore';

/**
 * Route flows of this country's registered victims: each case's distinct (recruitment, exploitation)
 * country pairs, then one GROUP BY giving each flow cell's count of cases and its cell key (the sum of
 * those cases' record keys), published through the cell-key perturbation like every statistic. A
 * period's cell is a cell of its own: its value need not equal the sum of its years.
 */
export class RouteFlowStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly settings: StatisticsSettings,
  ) {}

  async routeFlows(query: FlowQuery): Promise<RouteFlow[]> {
    // A case counts once per distinct pair, however many events it records for that pair.
    const pairs = this.dataSource
      .createQueryBuilder()
      .select('c.seq', 'seq')
      .addSelect('c.record_key', 'recordKey')
      .addSelect('c.opened_year', 'year')
      .addSelect('rec.country', 'from')
      .addSelect('exp.country', 'to')
      .distinct(true)
      .from('cases', 'c')
      .innerJoin('trafficking_events', 'rec', "rec.case_seq = c.seq AND rec.type = 'RECRUITMENT'")
      .innerJoin('trafficking_events', 'exp', "exp.case_seq = c.seq AND exp.type = 'EXPLOITATION'")
      .where('c.opened_year BETWEEN :yearFrom AND :yearTo', query)
      .andWhere(VICTIM_MEASURES.REGISTERED_VICTIMS as string);
    const qb = this.dataSource
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .addSelect(cellKeySql('p."recordKey"'), 'cellKey')
      .addSelect('p."from"', 'from')
      .addSelect('p."to"', 'to')
      .from(`(${pairs.getQuery()})`, 'p')
      .setParameters(pairs.getParameters())
      .groupBy('p."from"')
      .addGroupBy('p."to"');
    if (query.byYear) qb.addSelect('p."year"', 'year').addGroupBy('p."year"');
    const raw: Record<string, unknown>[] = await qb.getRawMany();

    const { perturbation } = this.settings;
    const flows: RouteFlow[] = raw.map((r) => {
      const year = query.byYear ? Number(r.year) : null;
      return {
        country: this.country,
        yearFrom: year ?? query.yearFrom,
        yearTo: year ?? query.yearTo,
        from: r.from as CountryCode,
        to: r.to as CountryCode,
        threshold: perturbation.threshold,
        ...perturbation.cell(Number(r.n), Number(r.cellKey)),
      };
    });
    // An absent pair is a zero: a pair published as 0 is left out too, or its row would tell that
    // some case lies behind it.
    return flows
      .filter((flow) => flow.value !== 0)
      .sort((a, b) => a.yearFrom - b.yearFrom || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  }
}
